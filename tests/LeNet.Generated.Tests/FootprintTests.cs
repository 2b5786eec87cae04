using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// What each object allocates, against the byte counts the generated network states: a network allocates
/// its parameters and one image's buffers, nothing for batches or training until it is asked for them; each
/// workspace allocates what its lane group needs. Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public sealed class FootprintTests
{
    /// <summary>Object headers, array lengths and the network's own fields, beyond the stated buffers.</summary>
    private const long Overhead = 512;

    [Fact]
    public void ANetworkThatOnlyPredictsHoldsItsParametersAndOneImagesBuffers()
    {
        var image = new float[LeNet5.InputLength];
        _ = new LeNet5(seed: 1).Predict(image); // first-use work of the runtime, before measuring

        long before = GC.GetAllocatedBytesForCurrentThread();
        var network = new LeNet5(seed: 1);
        network.Predict(image);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, LeNet5.InstanceBytes, LeNet5.InstanceBytes + Overhead);
        Assert.Equal(LeNet5.ParameterCount * sizeof(float), network.Parameters.Length * sizeof(float));
        Assert.True(allocated <= 320 * 1024, $"an inference-only LeNet-5 takes {allocated:N0} bytes");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void WorkspacesAllocateWhatTheirLaneGroupsNeed(VectorWidth width)
    {
        var network = new LeNet5(seed: 1, width);
        _ = network.CreateInferenceWorkspace();
        _ = network.CreateTrainingWorkspace();

        long before = GC.GetAllocatedBytesForCurrentThread();
        network.CreateInferenceWorkspace();
        long inference = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        network.CreateTrainingWorkspace();
        long training = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(inference, LeNet5.InferenceWorkspaceBytes(width), LeNet5.InferenceWorkspaceBytes(width) + Overhead);
        Assert.InRange(training, LeNet5.TrainingWorkspaceBytes(width), LeNet5.TrainingWorkspaceBytes(width) + Overhead);
    }

    /// <summary>The network's own workspaces come with the first call that needs them, once.</summary>
    [Fact]
    public void BatchesAndTrainingAllocateTheirWorkspaceOnFirstUseOnly()
    {
        var images = new float[32 * LeNet5.InputLength];
        var labels = new int[32];
        var predictions = new int[32];
        var sgd = new Sgd<float>(LeNet5.ParameterCount, 0.01f);
        // Through the JIT's tiers first (tier-0 code may allocate what tier-1 keeps on the stack): the runtime's own
        // first-use work is not the network's.
        Infrastructure.Allocations.WarmUp(() =>
        {
            var warm = new LeNet5(seed: 2);
            warm.Predict(images, predictions);
            warm.TrainStep(images, labels, sgd);
        });

        var network = new LeNet5(seed: 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Predict(images, predictions);
        long firstBatch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        network.TrainStep(images, labels, sgd);
        long firstStep = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        network.Predict(images, predictions);
        network.TrainStep(images, labels, sgd);
        long after = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(firstBatch, LeNet5.InferenceWorkspaceBytes(network.Width), LeNet5.InferenceWorkspaceBytes(network.Width) + Overhead);
        Assert.InRange(firstStep, LeNet5.TrainingWorkspaceBytes(network.Width), LeNet5.TrainingWorkspaceBytes(network.Width) + Overhead);
        Assert.Equal(0, after);
    }

    public static TheoryData<VectorWidth> Widths => [.. Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated)];
}
