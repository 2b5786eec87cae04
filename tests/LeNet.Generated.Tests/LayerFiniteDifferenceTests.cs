using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The backward passes of the layers and losses beyond the seed's vocabulary against central differences
/// of their own loss in double precision, as <see cref="FiniteDifferenceTests"/>: every parameter and every input element.
/// </summary>
public sealed class LayerFiniteDifferenceTests
{
    private const double Tolerance = 1e-7;
    private const double InputGradientFloor = 3e-11;

    [Fact]
    public void LeakyReLUMatchesCentralDifferences() => Check(new LeakyNetDouble(seed: 5));

    [Fact]
    public void PoolPaddingMatchesCentralDifferences() => Check(new PaddedPoolNetDouble(seed: 5));

    [Fact]
    public void GlobalAveragePoolingMatchesCentralDifferences() => Check(new GlobalPoolNetDouble(seed: 5));

    [Fact]
    public void MeanSquaredErrorMatchesCentralDifferences() => CheckTargets(new RegressionNetDouble(seed: 5));

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesCentralDifferences() => CheckTargets(new MultiLabelNetDouble(seed: 5));

    /// <summary>As <see cref="Check"/>, for a loss against targets: every parameter and input element against central differences of the mean loss.</summary>
    private static void CheckTargets<TNetwork>(TNetwork network)
        where TNetwork : class, INetwork<TNetwork, double>, ITargets<double>
    {
        var random = new Random(7);
        int batch = VectorWidths.Lanes<double>(VectorWidths.Best) + 3; // a lane group and three images left over
        double[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] targets = Enumerable.Range(0, batch * TNetwork.OutputLength).Select(_ => random.NextDouble()).ToArray();
        ITargets<double> withTargets = network;
        var inputGradients = new double[inputs.Length];
        network.ZeroGradients();
        withTargets.AccumulateGradients(inputs, targets, 1.0 / batch, inputGradients);
        double[] analytic = network.Gradients.ToArray();

        double[] numeric = FiniteDifferenceTests.CentralDifferences(network.Parameters, () => withTargets.Loss(inputs, targets));
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(numeric.AsSpan(tensor.Offset, tensor.Length), analytic.AsSpan(tensor.Offset, tensor.Length), Tolerance, $"∂loss/∂{tensor.Name}");
        }

        double[] numericInput = FiniteDifferenceTests.CentralDifferences(inputs, () => withTargets.Loss(inputs, targets));
        Infrastructure.Tolerance.PerImage(numericInput, inputGradients, TNetwork.InputLength, Tolerance, InputGradientFloor, "∂loss/∂input");
    }

    private static void Check<TNetwork>(TNetwork network)
        where TNetwork : class, INetwork<TNetwork, double>
    {
        FiniteDifferenceTests.CheckParameters(network);
        (double[] inputs, int[] labels) = FiniteDifferenceTests.Batch<TNetwork>();
        var analytic = new double[inputs.Length];
        FiniteDifferenceTests.Gradients(network, inputs, labels, analytic);
        double[] numeric = FiniteDifferenceTests.CentralDifferences(inputs, () => network.Loss(inputs, labels));
        Infrastructure.Tolerance.PerImage(numeric, analytic, TNetwork.InputLength, Tolerance, InputGradientFloor, "∂loss/∂input");
    }
}
