using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The backward pass of a double-precision network against central differences of its own loss,
/// (L(θ + h) − L(θ − h)) / 2h, for every parameter and every input element.
/// </summary>
public sealed class FiniteDifferenceTests
{
    private const double Step = 1e-5;
    private const double Tolerance = 1e-7; // relative to the largest gradient of the tensor; truncation error is O(h²) ≈ 1e-10

    [Fact]
    public void EveryParameterGradientMatchesCentralDifferences()
    {
        (SmoothNet network, double[] inputs, int[] labels) = Setup();
        double[] analytic = Gradients(network, inputs, labels, new double[inputs.Length]);

        Span<double> parameters = network.Parameters;
        var numeric = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + Step;
            double plus = network.Loss(inputs, labels);
            parameters[i] = saved - Step;
            double minus = network.Loss(inputs, labels);
            parameters[i] = saved;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        foreach (ParameterTensor tensor in SmoothNet.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(numeric.AsSpan(tensor.Offset, tensor.Length), analytic.AsSpan(tensor.Offset, tensor.Length), Tolerance, $"∂loss/∂{tensor.Name}");
        }
    }

    [Fact]
    public void InputGradientMatchesCentralDifferences()
    {
        (SmoothNet network, double[] inputs, int[] labels) = Setup();
        var analytic = new double[inputs.Length];
        Gradients(network, inputs, labels, analytic);

        var numeric = new double[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            double saved = inputs[i];
            inputs[i] = saved + Step;
            double plus = network.Loss(inputs, labels);
            inputs[i] = saved - Step;
            double minus = network.Loss(inputs, labels);
            inputs[i] = saved;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        Infrastructure.Tolerance.Relative(numeric, analytic, Tolerance, "∂loss/∂input");
    }

    private static (SmoothNet Network, double[] Inputs, int[] Labels) Setup()
    {
        var network = new SmoothNet(seed: 7);
        var random = new Random(7);
        int batch = System.Numerics.Vector<double>.Count + 2; // a lane group and two single images
        double[] inputs = Enumerable.Range(0, batch * SmoothNet.InputLength).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(SmoothNet.OutputLength)).ToArray();
        return (network, inputs, labels);
    }

    /// <summary>∂(mean loss)/∂θ from the generated backward pass; the input gradient goes to <paramref name="inputGradients"/>.</summary>
    private static double[] Gradients(SmoothNet network, double[] inputs, int[] labels, double[] inputGradients)
    {
        network.ZeroGradients();
        network.AccumulateGradients(inputs, labels, 1.0 / labels.Length, inputGradients);
        return network.Gradients.ToArray();
    }
}
