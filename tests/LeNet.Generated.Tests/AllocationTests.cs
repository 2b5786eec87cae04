using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>After construction, nothing the network does allocates: no garbage per image or per step.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void ForwardBackwardAndTrainingStepsAllocateNothing()
    {
        var network = new LeNet5(seed: 1);
        var workspace = network.CreateTrainingWorkspace();
        var sgd = new Sgd<float>(LeNet5.ParameterCount, 0.01f, momentum: 0.9f, weightDecay: 1e-4f);
        var images = new float[16 * LeNet5.InputLength];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (i % 17) / 17f;
        }

        int[] labels = Enumerable.Range(0, 16).Select(i => i % 10).ToArray();
        var logits = new float[16 * LeNet5.OutputLength];
        var predictions = new int[16];
        var inputGradients = new float[images.Length];

        void Work()
        {
            network.TrainStep(images, labels, sgd);
            network.Forward(images, logits);
            network.Predict(images, predictions);
            network.Predict(images.AsSpan(0, LeNet5.InputLength));
            workspace.Forward(images.AsSpan(0, LeNet5.InputLength), logits.AsSpan(0, LeNet5.OutputLength));
            workspace.Backward(logits.AsSpan(0, LeNet5.OutputLength), inputGradients.AsSpan(0, LeNet5.InputLength));
            network.Loss(images, labels);
            workspace.AccumulateGradients(images, labels, 1f / 16, inputGradients);
        }

        Assert.Equal(0, Infrastructure.Allocations.OnThisThread(Work));
    }
}
