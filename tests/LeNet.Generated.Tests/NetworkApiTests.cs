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

    [Fact]
    public void ABatchForwardEqualsImageByImage()
    {
        var network = new LeNet5(seed: 1);
        float[] images = Images(3, 1);
        var batch = new float[3 * LeNet5.OutputLength];
        network.Forward(images, batch);

        var predictions = new int[3];
        network.Predict(images, predictions);
        for (int n = 0; n < 3; n++)
        {
            var single = new float[LeNet5.OutputLength];
            network.Forward(images.AsSpan(n * LeNet5.InputLength, LeNet5.InputLength), single);
            Assert.Equal(single, batch.AsSpan(n * LeNet5.OutputLength, LeNet5.OutputLength).ToArray());
            Assert.Equal(Logits.ArgMax<float>(single), predictions[n]);
            Assert.Equal(predictions[n], network.Predict(images.AsSpan(n * LeNet5.InputLength, LeNet5.InputLength)));
        }
    }

    [Fact]
    public void BackwardAfterForwardEqualsAccumulateGradients()
    {
        var network = new LeNet5(seed: 2);
        float[] image = Images(1, 2);
        var logits = new float[LeNet5.OutputLength];
        var outputGradient = new float[LeNet5.OutputLength];
        var inputGradient = new float[LeNet5.InputLength];
        network.Forward(image, logits);
        SoftmaxCrossEntropy.LossAndGradient<float>(logits, 3, 1f, outputGradient);
        network.ZeroGradients();
        network.Backward(outputGradient, inputGradient);
        float[] viaBackward = network.Gradients.ToArray();

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
        LeNet5.Workspace workspace = network.CreateWorkspace();
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
            float expectedLoss = manual.Loss(images, labels);
            manual.ZeroGradients();
            manual.AccumulateGradients(images, labels, 1f / 8, default);
            manualSgd.Step(manual.Parameters, manual.Gradients);

            Assert.Equal(expectedLoss, trained.TrainStep(images, labels, sgd), 6);
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
        var network = new LeNet5();
        Assert.Throws<InvalidOperationException>(() => network.Backward(new float[10], default));

        network.Forward(Images(2, 6), new float[20]);
        Assert.Throws<InvalidOperationException>(() => network.Backward(new float[10], default));
    }
}
