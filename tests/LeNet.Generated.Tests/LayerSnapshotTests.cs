using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The emitted source of small networks using the layers and losses beyond the seed's vocabulary, every
/// file of every kernel family, reviewed as <see cref="SnapshotTests"/> reviews the others'.
/// </summary>
public sealed class LayerSnapshotTests
{
    /// <summary>LeakyReLU standing alone first, and fused into a convolution whose tiling average pool applies its derivative.</summary>
    [Fact]
    public void TinyLeakyReLU() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 4, Width = 4)]
        [LeakyReLU(0.2)]
        [Conv2d(2, KernelSize = 3), LeakyReLU]
        [AvgPool2d(2)]
        [Linear(3)]
        public sealed partial class TinyLeaky;
        """).Source);

    /// <summary>Max pooling in a −∞ border, an average over the covered input elements, and one that counts its zero border.</summary>
    [Fact]
    public void TinyPaddedPools() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 5, Width = 5)]
        [MaxPool2d(3, 2, 1)]
        [AvgPool2d(3, Stride = 2, Padding = 1, CountIncludePad = false)]
        [AvgPool2d(2, Padding = 1)]
        [Linear(2)]
        public sealed partial class TinyPadded;
        """).Source);

    /// <summary>Global average pooling over a non-square map with a fused activation, then a classifier.</summary>
    [Fact]
    public void TinyGlobalAveragePool() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 2, Height = 3, Width = 4)]
        [AdaptiveAvgPool2d(1), ReLU]
        [Linear(3)]
        public sealed partial class TinyGlobal;
        """).Source);

    /// <summary>A loss against targets: the Kernels struct says which, and the network takes targets in Loss, AccumulateGradients and TrainStep.</summary>
    [Fact]
    public void TinyMeanSquaredError() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 3, Width = 3, Loss = LossFunction.MeanSquaredError)]
        [Linear(2), Sigmoid]
        public sealed partial class TinyRegression;
        """).Source);

    /// <summary>
    /// BatchNorm2d before an activation of its own and BatchNorm1d after a Linear: the passes in segments split at
    /// them, the buffer tensors under PyTorch's keys, and where the runtime normalises.
    /// </summary>
    [Fact]
    public void TinyBatchNorm() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 4, Width = 4)]
        [Conv2d(2, KernelSize = 3), BatchNorm2d, ReLU]
        [Linear(3)]
        [BatchNorm1d(3, Momentum = 0.01)]
        [Linear(2)]
        public sealed partial class TinyNorm;
        """).Source);
}
