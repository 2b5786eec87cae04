using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>
/// The API of a network whose loss reads targets: its own Loss, AccumulateGradients and TrainStep over
/// N × OutputLength targets, clear errors for labels where targets are read (and the reverse), for targets of
/// the wrong length, and no allocation per step.
/// </summary>
public sealed class LossApiTests
{
    private static readonly float[] Images = Enumerable.Range(0, 3 * RegressionNet.InputLength).Select(i => (i % 13) / 13f).ToArray();

    [Fact]
    public void LabelsForALossThatReadsTargetsAreAnArgumentExceptionThatSaysSo()
    {
        var network = new RegressionNet(seed: 1);

        var error = Assert.Throws<ArgumentException>(() => network.Loss(Images, new[] { 0, 1, 2 }));

        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("This network's loss is MeanSquaredError, which reads a target per output (N × OutputLength values), not class labels", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => network.TrainStep(Images, new[] { 0, 1, 2 }, new Sgd<float>(RegressionNet.ParameterCount, 0.1f)));
    }

    [Fact]
    public void TargetsForCrossEntropyAreAnArgumentExceptionThatSaysSo()
    {
        var workspace = new LeakyNet(seed: 1).CreateTrainingWorkspace();
        float[] images = new float[2 * LeakyNet.InputLength];

        var error = Assert.Throws<ArgumentException>(() => workspace.AccumulateGradients(images, new float[2 * LeakyNet.OutputLength], 0.5f));

        Assert.Equal("targets", error.ParamName);
        Assert.StartsWith("This network's loss is CrossEntropy, which reads one class label per image, not targets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetsOfTheWrongLengthNameBothLengths()
    {
        var network = new RegressionNet(seed: 1);
        float[] before = network.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => network.TrainStep(Images, new float[11], new Sgd<float>(RegressionNet.ParameterCount, 0.1f)));

        Assert.Equal("targets", error.ParamName);
        Assert.StartsWith("Expected 12 targets, 4 per image (OutputLength) for 3 images, one image after another, but the span has 11.", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void GenericCodeSeesTheLossAndTheTrainerRefusesALossThatReadsTargets()
    {
        Assert.Equal(LossFunction.MeanSquaredError, LossOf<RegressionNet, float>());
        Assert.Equal(LossFunction.BinaryCrossEntropyWithLogits, LossOf<MultiLabelNetDouble, double>());
        Assert.Equal(LossFunction.CrossEntropy, LossOf<LeNet5, float>());

        var error = Assert.Throws<ArgumentException>(() => new LeNet.Generated.Training.Trainer<RegressionNet, float>(
            new RegressionNet(1), new Sgd<float>(RegressionNet.ParameterCount, 0.1f), new LeNet.Generated.Training.TrainingOptions { Threads = 1, Epochs = 1, BatchSize = 8 }));

        Assert.Equal("network", error.ParamName);
        Assert.StartsWith("The trainer trains with class labels, but RegressionNet's loss is MeanSquaredError", error.Message, StringComparison.Ordinal);
    }

    private static LossFunction LossOf<TNetwork, T>()
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => TNetwork.LossFunction;

    [Fact]
    public void TrainingStepsOnTargetsAllocateNothing()
    {
        var network = new MultiLabelNet(seed: 1);
        var sgd = new Sgd<float>(MultiLabelNet.ParameterCount, 0.01f, momentum: 0.9f);
        float[] images = Enumerable.Range(0, 19 * MultiLabelNet.InputLength).Select(i => (i % 7) / 7f).ToArray();
        float[] targets = Enumerable.Range(0, 19 * MultiLabelNet.OutputLength).Select(i => i % 2).Select(v => (float)v).ToArray();
        var inputGradients = new float[images.Length];

        void Work()
        {
            network.TrainStep(images, targets, sgd);
            network.Loss(images, targets);
            network.AccumulateGradients(images, targets, 1f / 19, inputGradients);
        }

        Assert.Equal(0, Infrastructure.Allocations.OnThisThread(Work));
    }
}
