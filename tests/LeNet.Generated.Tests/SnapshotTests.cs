using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The emitted source, reviewed: any change to the generator's output shows up as a diff against
/// <c>Snapshots/SnapshotTests.*.verified.cs</c>. Each spec also compiles without warnings.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void LeNet5() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 28, Width = 28)]
        [Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
        [AvgPool2d(2)]
        [Conv2d(16, KernelSize = 5), Tanh]
        [AvgPool2d(2)]
        [Linear(120), Tanh]
        [Linear(84), Tanh]
        [Linear(10)]
        public sealed partial class LeNet5;
        """).Source);

    /// <summary>Small enough to read whole: convolution with ReLU, max pooling, a linear layer of one input row per class.</summary>
    [Fact]
    public void TinyConvMaxPool() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 4, Width = 4)]
        [Conv2d(2, KernelSize = 3), ReLU]
        [MaxPool2d(2)]
        [Linear(3)]
        public sealed partial class Tiny;
        """).Source);

    /// <summary>Double precision, nested in another type, global namespace, an activation first and one after another, overlapping average pooling.</summary>
    [Fact]
    public void TinyNestedDouble() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        public static partial class Outer
        {
            [Network(Height = 5, Width = 5, ElementType = typeof(double))]
            [Sigmoid]
            [AvgPool2d(3, Stride = 2)]
            [Linear(2), ReLU, Tanh]
            internal sealed partial class Nested;
        }
        """).Source);

    /// <summary>A 9×9 kernel has more taps than are emitted straight-line: the kernel-row loop stays.</summary>
    [Fact]
    public void LargeKernelKeepsRowLoop() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 10, Width = 10)]
        [Conv2d(1, KernelSize = 9)]
        [Linear(2)]
        public sealed partial class LargeKernel;
        """).Source);

    /// <summary>A connection table (each output channel its own inputs), trainable subsampling and the scaled tanh, small enough to read.</summary>
    [Fact]
    public void TinyPaperFeatures() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 2, Height = 4, Width = 4)]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(2, KernelSize = 2, Connections = "1; 0,1")]
        [Linear(2)]
        public sealed partial class TinyPaper;
        """).Source);

    /// <summary>The 1998 paper's LeNet-5, declared with the same attributes.</summary>
    [Fact]
    public void LeNet1998() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 32, Width = 32)]
        [Conv2d(6, KernelSize = 5), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(16, KernelSize = 5, Connections = ConnectionTables.LeNet1998C3), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(120, KernelSize = 5), ScaledTanh]
        [Linear(84), ScaledTanh]
        [Linear(10)]
        public sealed partial class LeNet1998;
        """).Source);
}
