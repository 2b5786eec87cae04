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
