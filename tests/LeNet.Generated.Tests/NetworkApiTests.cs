using LeNet.Generated.Losses;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>The generated API's contract: batching, workspaces, Backward, and errors that name the argument and lose nothing.</summary>
public sealed class NetworkApiTests
{
    private static float[] Images(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * LeNet5.InputLength).Select(_ => random.NextSingle() - 0.5f).ToArray();
    }

    /// <summary>
    /// A batch runs whole lane groups through the lane kernels and the rest through the per-image kernels:
    /// 19 images are a group and three left over at 512 bits, two groups and three at 256, four and three at 128.
    /// </summary>
    [Theory]
    [MemberData(nameof(AcceleratedWidths))]
    public void ABatchForwardAgreesWithImageByImage(VectorWidth width)
    {
        var network = new LeNet5(seed: 1, width);
        const int count = 19;
        float[] images = Images(count, 1);
        var batch = new float[count * LeNet5.OutputLength];
        network.Forward(images, batch);

        var predictions = new int[count];
        network.Predict(images, predictions);
        for (int n = 0; n < count; n++)
        {
            var single = new float[LeNet5.OutputLength];
            network.Forward(images.AsSpan(n * LeNet5.InputLength, LeNet5.InputLength), single);
            float[] row = batch.AsSpan(n * LeNet5.OutputLength, LeNet5.OutputLength).ToArray();
            for (int i = 0; i < single.Length; i++)
            {
                Assert.True(Math.Abs(single[i] - row[i]) <= 1e-5f, $"image {n}, logit {i}: {single[i]} one at a time, {row[i]} in the batch");
            }

            Assert.Equal(Logits.ArgMax<float>(row), predictions[n]);
            Assert.Equal(Logits.ArgMax<float>(single), network.Predict(images.AsSpan(n * LeNet5.InputLength, LeNet5.InputLength)));
        }
    }

    public static TheoryData<VectorWidth> AcceleratedWidths => [.. Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated)];

    [Fact]
    public void BackwardAfterForwardEqualsAccumulateGradients()
    {
        var network = new LeNet5(seed: 2);
        var workspace = network.CreateTrainingWorkspace();
        float[] image = Images(1, 2);
        var logits = new float[LeNet5.OutputLength];
        var outputGradient = new float[LeNet5.OutputLength];
        var inputGradient = new float[LeNet5.InputLength];
        workspace.Forward(image, logits);
        SoftmaxCrossEntropy.LossAndGradient<float>(logits, 3, 1f, outputGradient);
        workspace.Backward(outputGradient, inputGradient);
        float[] viaBackward = workspace.Gradients.ToArray();

        var inputGradient2 = new float[LeNet5.InputLength];
        network.ZeroGradients();
        network.AccumulateGradients(image, [3], 1f, inputGradient2);

        Assert.Equal(viaBackward, network.Gradients.ToArray());
        Assert.Equal(inputGradient, inputGradient2);
        Assert.Contains(inputGradient, g => g != 0);
    }

    [Fact]
    public void WorkspacesShareParametersButNotBuffers()
    {
        var network = new LeNet5(seed: 3);
        var workspace = network.CreateTrainingWorkspace();
        float[] images = Images(2, 3);
        int[] labels = [1, 7];

        network.ZeroGradients();
        float loss = network.AccumulateGradients(images, labels, 0.5f, default);
        workspace.ZeroGradients();
        float loss2 = workspace.AccumulateGradients(images, labels, 0.5f, default);

        Assert.Equal(loss, loss2);
        Assert.Equal(network.Gradients.ToArray(), workspace.Gradients.ToArray());
        workspace.ZeroGradients();
        Assert.Contains(network.Gradients.ToArray(), g => g != 0);

        network.Parameters[0] += 1;
        Assert.NotEqual(loss, workspace.Loss(images, labels) * 2);
    }

    [Fact]
    public void TrainStepIsZeroAccumulateMeanAndStep()
    {
        float[] images = Images(8, 4);
        int[] labels = [0, 1, 2, 3, 4, 5, 6, 7];
        var trained = new LeNet5(seed: 4);
        var manual = new LeNet5(seed: 4);
        var sgd = new Sgd<float>(LeNet5.ParameterCount, 0.05f, momentum: 0.9f);
        var manualSgd = new Sgd<float>(LeNet5.ParameterCount, 0.05f, momentum: 0.9f);

        for (int step = 0; step < 3; step++)
        {
            manual.ZeroGradients();
            float expectedLoss = manual.AccumulateGradients(images, labels, 1f / 8, default) / 8;
            manualSgd.Step(manual.Parameters, manual.Gradients);

            Assert.Equal(expectedLoss, trained.TrainStep(images, labels, sgd));
            Assert.Equal(manual.Parameters.ToArray(), trained.Parameters.ToArray());
        }

    }

    [Fact]
    public void WrongLengthsNameTheArgumentAndTheExpectedSize()
    {
        var network = new LeNet5();
        var error = Assert.Throws<ArgumentException>(() => network.Forward(new float[785], new float[10]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("784", error.Message);

        error = Assert.Throws<ArgumentException>(() => network.Forward(new float[784], new float[9]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("10", error.Message);

        error = Assert.Throws<ArgumentException>(() => network.Predict(new float[0]));
        Assert.Equal("input", error.ParamName);

        error = Assert.Throws<ArgumentException>(() => network.Loss(new float[784 * 2], [1]));
        Assert.Equal("labels", error.ParamName);

        error = Assert.Throws<ArgumentException>(() => network.TrainStep(new float[784], [1], new Sgd<float>(10, 0.1f)));
        Assert.Equal("optimizer", error.ParamName);
        Assert.Contains("61706", error.Message);
    }

    [Fact]
    public void AnOutOfRangeLabelChangesNothing()
    {
        var network = new LeNet5(seed: 5);
        float[] before = network.Parameters.ToArray();
        var sgd = new Sgd<float>(LeNet5.ParameterCount, 0.1f);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(Images(2, 5), [3, 10], sgd));

        Assert.Equal("labels", error.ParamName);
        Assert.Contains("Label 10 at index 1", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void BackwardNeedsASingleImageForward()
    {
        var workspace = new LeNet5().CreateTrainingWorkspace();
        Assert.Throws<InvalidOperationException>(() => workspace.Backward(new float[10], default));

        workspace.Forward(Images(2, 6), new float[20]);
        Assert.Throws<InvalidOperationException>(() => workspace.Backward(new float[10], default));
    }
}
