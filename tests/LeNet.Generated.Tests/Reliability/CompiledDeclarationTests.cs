using System.Numerics;
using System.Reflection;
using CsCheck;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// The valid declarations among the property tests' random ones (float and double, records,
/// layers split nowhere, any sizes the validator accepts), compiled together: no compiler error or
/// warning, and those small enough to run in a test run a forward and backward pass with a finite
/// loss and no allocation. Gradients are checked on <see cref="CompiledSpecTests"/>' specs.
/// </summary>
public sealed class CompiledDeclarationTests(ITestOutputHelper output)
{
    public const int DefaultDeclarations = 120;
    private const long MaxRunMultiplyAdds = 5_000_000;

    [Fact]
    public void ValidRandomDeclarationsCompileAndRunWithoutAllocating()
    {
        int wanted = PropertySettings.Count("LENET_PROPERTY_COMPILED_DECLARATIONS", DefaultDeclarations);
        ulong seed = PropertySettings.Seed;
        var declarations = new List<RandomDeclaration>();
        for (int i = 0; declarations.Count < wanted && i < 100 * wanted; i++)
        {
            RandomDeclaration declaration = DeclarationGen.Declaration.Generate(new PCG(1, seed + (ulong)i), null!, out _);
            if (!declaration.CompilerError && GeneratorPropertyTests.Check(declaration) == "valid")
            {
                declarations.Add(declaration);
            }
        }

        // One namespace per declaration, so they compile together.
        string[] sources = declarations.SelectMany((d, i) => d.Sources().Select(s => s.Replace("namespace Fuzz;", $"namespace Fuzz{i};", StringComparison.Ordinal))).ToArray();
        GeneratorRun run = GeneratorHarness.Run(sources);
        Assert.Equal(declarations.Count, run.NetworkCount);
        Diagnostic? problem = run.CompilationDiagnostics.FirstOrDefault(d => !d.Id.StartsWith("LENET", StringComparison.Ordinal));
        Assert.True(problem is null, $"{problem}\n{(problem?.Location.SourceTree is { } tree ? tree.GetText().ToString() : string.Empty)[..Math.Min(4000, problem?.Location.SourceTree?.Length ?? 0)]}");

        using var assembly = new InMemoryAssembly(run.Output);
        MethodInfo check = typeof(CompiledDeclarationTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!;
        var works = new List<(int Declaration, Action Work)>();
        for (int i = 0; i < declarations.Count; i++)
        {
            Type type = assembly.Type($"Fuzz{i}.{RandomDeclaration.Name}");
            Type element = type.GetInterfaces().Single(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(INetwork<,>)).GetGenericArguments()[1];
            try
            {
                if (check.MakeGenericMethod(type, element).Invoke(null, null) is Action work)
                {
                    works.Add((i, work));
                }
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new Xunit.Sdk.XunitException($"Declaration {i} (LENET_PROPERTY_SEED={seed}):\n{declarations[i]}\n{e.InnerException.Message}");
            }
        }

        // All networks warm up together, sharing the pauses for the tiers.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Allocations.WarmUp([.. works.Select(w => w.Work)]);
        foreach ((int i, Action work) in works)
        {
            long allocated = Allocations.Measure(work);
            Assert.True(allocated == 0, $"Declaration {i} (LENET_PROPERTY_SEED={seed}) allocated {allocated} bytes in {Allocations.Rounds} rounds of Forward and AccumulateGradients:\n{declarations[i]}");
        }

        output.WriteLine($"{declarations.Count} valid random declarations compiled; {works.Count} small enough to run ran without allocating ({watch.Elapsed.TotalSeconds:F1} s warming up and counting allocations)");
    }

    /// <summary>Runs a forward and backward pass (a finite loss) and returns that work, or null for a network too large to run here.</summary>
    private static Action? Check<TNetwork, T>()
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (TNetwork.MultiplyAddsPerImage > MaxRunMultiplyAdds || TNetwork.ParameterCount > 5_000_000 || TNetwork.InputLength > 1_000_000)
        {
            return null;
        }

        TNetwork network = TNetwork.Create(3);
        var inputs = new T[2 * TNetwork.InputLength];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = T.CreateTruncating(Math.Sin(i));
        }

        int[] labels = [0, TNetwork.OutputLength - 1];
        var outputs = new T[2 * TNetwork.OutputLength];
        var inputGradients = new T[inputs.Length];
        network.Forward(inputs, outputs);
        T loss = network.AccumulateGradients(inputs, labels, T.One, inputGradients);
        Assert.True(T.IsFinite(loss), $"loss {loss}");
        return () =>
        {
            network.Forward(inputs, outputs);
            network.AccumulateGradients(inputs, labels, T.One, inputGradients);
        };
    }
}
