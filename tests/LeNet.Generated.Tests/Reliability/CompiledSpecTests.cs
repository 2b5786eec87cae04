using System.Diagnostics;
using System.Reflection;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.Reference;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// A few hundred random valid specs, compiled and run: no compiler errors, logits and every gradient
/// equal to the naive reference's (<see cref="ReferenceImplementationTests"/>), and not a byte
/// allocated by <c>Forward</c> or <c>AccumulateGradients</c> after warm-up. Specs are batched into a few
/// compilations, as compiling costs far more per compilation than per network.
/// </summary>
public sealed class CompiledSpecTests(ITestOutputHelper output)
{
    public const int DefaultSpecs = 200;
    private const int PerCompilation = 100;

    [Fact]
    public void RandomValidSpecsCompileMatchTheReferenceAndAllocateNothing()
    {
        int specs = PropertySettings.Count("LENET_PROPERTY_COMPILED_SPECS", DefaultSpecs);
        ulong seed = PropertySettings.Seed;
        var random = new Random(unchecked((int)seed) ^ 0x5eed);
        var watch = Stopwatch.StartNew();
        TimeSpan allocationTime = TimeSpan.Zero;
        MethodInfo check = typeof(CompiledSpecTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!;
        for (int first = 0; first < specs; first += PerCompilation)
        {
            List<RandomSpec> batch = Enumerable.Range(first, Math.Min(PerCompilation, specs - first)).Select(i => RandomSpec.Draw(random, $"Net{i}")).ToList();
            string source = "using LeNet.Generated;\nnamespace Random;\n" + string.Concat(batch.Select(s => s.Declaration()));
            GeneratorRun run = GeneratorHarness.Run(source);
            // LENET011: a window that leaves input unread; LENET017: an activation after the last Linear, which the reference applies too.
            Assert.All(run.GeneratorDiagnostics, d => Assert.Contains(d.Id, new[] { "LENET011", "LENET017" }));
            Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Equal(batch.Count, run.NetworkCount);

            using var assembly = new InMemoryAssembly(run.Output);
            var works = new List<Action>();
            foreach (RandomSpec spec in batch)
            {
                try
                {
                    works.Add((Action)check.MakeGenericMethod(assembly.Type("Random." + spec.Name)).Invoke(null, [spec])!);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new Xunit.Sdk.XunitException($"{spec.Name} (LENET_PROPERTY_SEED={seed}):\n{spec.Declaration()}\n{e.InnerException.Message}");
                }
            }

            // All networks of the compilation warm up together, sharing the pauses for the tiers.
            TimeSpan started = watch.Elapsed;
            Allocations.WarmUp(works);
            for (int i = 0; i < batch.Count; i++)
            {
                long allocated = Allocations.Measure(works[i]);
                Assert.True(allocated == 0, $"{batch[i].Name} (LENET_PROPERTY_SEED={seed}) allocated {allocated} bytes in {Allocations.Rounds} rounds of Forward and AccumulateGradients:\n{batch[i].Declaration()}");
            }

            allocationTime += watch.Elapsed - started;
        }

        output.WriteLine($"{specs} specs compiled, checked against the reference and for allocation in {watch.Elapsed.TotalSeconds:F1} s ({allocationTime.TotalSeconds:F1} s warming up and counting allocations)");
    }

    /// <summary>Checks <typeparamref name="TNetwork"/> against the reference and returns the work whose allocations are counted.</summary>
    private static Action Check<TNetwork>(RandomSpec spec)
        where TNetwork : class, INetwork<TNetwork, double>
    {
        ReferenceImplementationTests.Check<TNetwork>(spec);

        TNetwork network = TNetwork.Create(7);
        var inputs = new double[3 * TNetwork.InputLength];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Math.Sin(i);
        }

        int[] labels = [0, TNetwork.OutputLength - 1, TNetwork.OutputLength / 2];
        var outputs = new double[3 * TNetwork.OutputLength];
        var inputGradients = new double[inputs.Length];
        return () =>
        {
            network.Forward(inputs, outputs);
            network.AccumulateGradients(inputs, labels, 1.0, inputGradients);
        };
    }
}
