using System.Reflection;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.Reference;
using LeNet.Generated.Tests.Reliability;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Tests;

/// <summary>
/// Networks generated from random specs, compiled and run in memory, against the naive
/// runtime-shaped reference: logits, loss, every parameter gradient and the input gradient (in training,
/// or in evaluation for a spec with batch norms, whose training statistics are a whole batch's).
/// </summary>
public sealed class ReferenceImplementationTests
{
    private const int Specs = 60;
    private const double Tolerance = 1e-10; // relative to each tensor's scale, or each image's; both sides compute in double
    private const double InputGradientFloor = 1e-15; // about double's rounding of a loss gradient near zero, for an image whose input gradient vanishes

    [Fact]
    public void RandomSpecsMatchTheNaiveReference()
    {
        ulong seed = PropertySettings.Seed;
        var random = new Random(unchecked((int)seed));
        List<RandomSpec> specs = Enumerable.Range(0, Specs).Select(i => RandomSpec.Draw(random, $"Net{i}")).ToList();
        string source = "using LeNet.Generated;\nnamespace Random;\n" + string.Concat(specs.Select(s => s.Declaration()));

        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Contains(d.Id, new[] { "LENET011", "LENET017" })); // uncovered rows, as in PyTorch, and activations on the logits, which the reference applies too
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(Specs, run.NetworkCount);

        using var assembly = new InMemoryAssembly(run.Output);
        MethodInfo check = typeof(ReferenceImplementationTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (RandomSpec spec in specs)
        {
            try
            {
                check.MakeGenericMethod(assembly.Type("Random." + spec.Name)).Invoke(null, [spec]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new Xunit.Sdk.XunitException($"{spec.Name} (LENET_PROPERTY_SEED={seed}):\n{spec.Declaration()}\n{e.InnerException.Message}");
            }
        }
    }

    internal static void Check<TNetwork>(RandomSpec spec)
        where TNetwork : class, INetwork<TNetwork, double>
    {
        var reference = new NaiveNetwork(spec.Channels, spec.Height, spec.Width, spec.Layers);
        Assert.Equal(reference.ParameterCount, TNetwork.ParameterCount);
        Assert.Equal(reference.OutputLength, TNetwork.OutputLength);

        TNetwork network = TNetwork.Create(spec.Name.Length);
        double[] parameters = network.Parameters.ToArray();
        var random = new Random(PropertySettings.SeedFor(spec.Name));
        int batch = (2 * VectorWidths.Lanes<double>(VectorWidths.Best)) + 3; // two lane groups and three images left over
        double[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(TNetwork.OutputLength)).ToArray();

        // Batch norms are checked in evaluation, over running statistics drawn here: their training statistics are a whole batch's.
        bool normalises = spec.Layers.Any(l => l is NaiveBatchNorm);
        Assert.Equal(reference.BufferCount, network.Buffers.Length);
        foreach (ParameterTensor buffer in TNetwork.BufferTensors)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                network.Buffers[buffer.Offset + i] = buffer.Name.EndsWith("running_var", StringComparison.Ordinal) ? 0.5 + (random.NextDouble() * 2) : (random.NextDouble() * 2) - 1;
            }
        }

        reference.Buffers = network.Buffers.ToArray();
        NetworkMode mode = normalises ? NetworkMode.Evaluation : NetworkMode.Training;

        var logits = new double[batch * TNetwork.OutputLength];
        network.Forward(inputs, logits);
        var key = new DropoutKey((ulong)random.NextInt64());
        var expectedGradients = new double[parameters.Length];
        var expectedInputGradients = new double[inputs.Length];
        double expectedLoss = 0;
        for (int n = 0; n < batch; n++)
        {
            double[] image = inputs.AsSpan(n * TNetwork.InputLength, TNetwork.InputLength).ToArray();
            Infrastructure.Tolerance.Relative(reference.Forward(parameters, image), logits.AsSpan(n * TNetwork.OutputLength, TNetwork.OutputLength), Tolerance, "logits");
            (double loss, double[] inputGradient) = reference.Backward(parameters, image, labels[n], expectedGradients, normalises ? null : (key.Step, n));
            expectedLoss += loss;
            inputGradient.CopyTo(expectedInputGradients, n * TNetwork.InputLength);
        }

        var inputGradients = new double[inputs.Length];
        network.ZeroGradients();
        double sum = network.AccumulateGradients(inputs, labels, 1.0, mode, key, inputGradients);

        Assert.Equal(expectedLoss, sum, 1e-9);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(expectedGradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), Tolerance, $"∂loss/∂{tensor.Name}");
        }

        Infrastructure.Tolerance.PerImage(expectedInputGradients, inputGradients, TNetwork.InputLength, Tolerance, InputGradientFloor, "∂loss/∂input");
    }
}
