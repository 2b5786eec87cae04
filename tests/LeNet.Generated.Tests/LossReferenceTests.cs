using LeNet.Generated.Tests.Reference;

namespace LeNet.Generated.Tests;

/// <summary>
/// The losses against targets, and the layers before them, against the naive reference's own definitions in
/// double precision: each image's loss and input gradient, and the batch's parameter gradients.
/// </summary>
public sealed class LossReferenceTests
{
    private const double Tolerance = 1e-10;

    [Fact]
    public void MeanSquaredErrorMatchesTheNaiveReference() => Check(
        new RegressionNetDouble(seed: 3),
        LossFunction.MeanSquaredError,
        [new NaiveConv(3, 3, 1, 0), new NaiveActivation("Tanh"), new NaivePool(IsMax: true, 2, 2), new NaiveLinear(4), new NaiveActivation("Sigmoid")]);

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesTheNaiveReference() => Check(
        new MultiLabelNetDouble(seed: 3),
        LossFunction.BinaryCrossEntropyWithLogits,
        [new NaiveConv(4, 3, 1, 0), new NaiveActivation("LeakyReLU"), new NaiveGlobalAvgPool(), new NaiveLinear(5)]);

    private static void Check<TNetwork>(TNetwork network, LossFunction loss, NaiveLayer[] layers)
        where TNetwork : class, INetwork<TNetwork, double>, ITargets<double>
    {
        var reference = new NaiveNetwork(TNetwork.InputChannels, TNetwork.InputHeight, TNetwork.InputWidth, layers);
        Assert.Equal(reference.ParameterCount, TNetwork.ParameterCount);
        double[] parameters = network.Parameters.ToArray();
        var random = new Random(11);
        int batch = (2 * VectorWidths.Lanes<double>(VectorWidths.Best)) + 3; // two lane groups and three images left over
        double[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        double[] targets = Enumerable.Range(0, batch * TNetwork.OutputLength).Select(_ => random.NextDouble()).ToArray();

        var expectedGradients = new double[parameters.Length];
        var expectedInputGradients = new double[inputs.Length];
        double expectedLoss = 0;
        for (int n = 0; n < batch; n++)
        {
            double[] image = inputs.AsSpan(n * TNetwork.InputLength, TNetwork.InputLength).ToArray();
            double[] target = targets.AsSpan(n * TNetwork.OutputLength, TNetwork.OutputLength).ToArray();
            (double imageLoss, double[] inputGradient) = reference.Backward(parameters, image, target, loss, expectedGradients);
            expectedLoss += imageLoss;
            inputGradient.CopyTo(expectedInputGradients, n * TNetwork.InputLength);
        }

        ITargets<double> withTargets = network;
        var inputGradients = new double[inputs.Length];
        network.ZeroGradients();
        double sum = withTargets.AccumulateGradients(inputs, targets, 1.0, inputGradients);

        Assert.Equal(expectedLoss, sum, 1e-9);
        Assert.Equal(expectedLoss / batch, withTargets.Loss(inputs, targets), 1e-12);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(expectedGradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), Tolerance, $"∂loss/∂{tensor.Name}");
        }

        Infrastructure.Tolerance.PerImage(expectedInputGradients, inputGradients, TNetwork.InputLength, Tolerance, 1e-15, "∂loss/∂input");
    }
}
