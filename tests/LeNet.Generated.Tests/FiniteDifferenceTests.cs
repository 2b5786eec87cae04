using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The backward pass of a double-precision network against central differences of its own loss,
/// (L(θ + h) − L(θ − h)) / 2h, for every parameter and every input element.
/// </summary>
public sealed class FiniteDifferenceTests
{
    private const double Step = 1e-5;
    private const double Tolerance = 1e-7; // relative to the largest gradient of the tensor, or of the image; truncation error is O(h²) ≈ 1e-10
    private const double InputGradientFloor = 3e-11; // the difference quotient's rounding error, ε · |loss| / h

    [Fact]
    public void EveryParameterGradientMatchesCentralDifferences() => CheckParameters(new SmoothNet(seed: 7));

    /// <summary>Connection tables, trainable subsampling and the scaled tanh, whose parameters PyTorch has no module for.</summary>
    [Fact]
    public void ThePaperFeaturesMatchCentralDifferences()
    {
        var network = new PaperFeaturesNet(seed: 3);
        var random = new Random(3);
        foreach (ParameterTensor tensor in PaperFeaturesNet.ParameterTensors.Where(t => t.Name.StartsWith("pool", StringComparison.Ordinal)))
        {
            // Move the pool's coefficient and bias off their initial 1 and 0, so their gradients are general.
            foreach (ref double value in network.Parameters.Slice(tensor.Offset, tensor.Length))
            {
                value += random.NextDouble() - 0.5;
            }
        }

        CheckParameters(network);
    }

    internal static void CheckParameters<TNetwork>(TNetwork network)
        where TNetwork : class, INetwork<TNetwork, double>
    {
        (double[] inputs, int[] labels) = Batch<TNetwork>();
        double[] analytic = Gradients(network, inputs, labels, new double[inputs.Length]);

        double[] numeric = CentralDifferences(network.Parameters, () => network.Loss(inputs, labels));

        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(numeric.AsSpan(tensor.Offset, tensor.Length), analytic.AsSpan(tensor.Offset, tensor.Length), Tolerance, $"∂loss/∂{tensor.Name}");
        }
    }

    [Fact]
    public void InputGradientMatchesCentralDifferences()
    {
        var network = new SmoothNet(seed: 7);
        (double[] inputs, int[] labels) = Batch<SmoothNet>();
        var analytic = new double[inputs.Length];
        Gradients(network, inputs, labels, analytic);

        double[] numeric = CentralDifferences(inputs, () => network.Loss(inputs, labels));

        Infrastructure.Tolerance.PerImage(numeric, analytic, SmoothNet.InputLength, Tolerance, InputGradientFloor, "∂loss/∂input");
    }

    /// <summary>(L(v + h) − L(v − h)) / 2h for every element v of <paramref name="values"/>, each restored afterwards.</summary>
    internal static double[] CentralDifferences(Span<double> values, Func<double> loss)
    {
        var numeric = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + Step;
            double plus = loss();
            values[i] = saved - Step;
            double minus = loss();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        return numeric;
    }

    internal static (double[] Inputs, int[] Labels) Batch<TNetwork>()
        where TNetwork : class, INetwork<TNetwork, double>
    {
        var random = new Random(7);
        int batch = VectorWidths.Lanes<double>(VectorWidths.Best) + 3; // a lane group and three images left over
        double[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(TNetwork.OutputLength)).ToArray();
        return (inputs, labels);
    }

    /// <summary>∂(mean loss)/∂θ from the generated backward pass; the input gradient goes to <paramref name="inputGradients"/>.</summary>
    internal static double[] Gradients<TNetwork>(TNetwork network, double[] inputs, int[] labels, double[] inputGradients)
        where TNetwork : class, INetwork<TNetwork, double>
    {
        network.ZeroGradients();
        network.AccumulateGradients(inputs, labels, 1.0 / labels.Length, inputGradients);
        return network.Gradients.ToArray();
    }
}
