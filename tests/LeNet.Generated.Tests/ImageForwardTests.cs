using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// Rows wider than a vector with an odd output height, a channel count no register tile divides, and
/// a convolution whose only output pixel sees its whole input: the shapes the per-image vector
/// kernels treat specially.
/// </summary>
[Network(Channels = 2, Height = 13, Width = 13, ElementType = typeof(double))]
[Conv2d(5, KernelSize = 3), ReLU]
[Conv2d(7, KernelSize = 2, Padding = 1), Tanh]
[AvgPool2d(2)]
[Conv2d(4, KernelSize = 6)]
[Linear(9), Sigmoid]
[Linear(3)]
public sealed partial class WideRowsNet;

/// <summary>Two convolutions whose per-image kernels (output channels in the lanes) take scratch of different lengths.</summary>
[Network(Channels = 2, Height = 8, Width = 12, ElementType = typeof(double))]
[MaxPool2d(1, Stride = 1)]
[Conv2d(2, KernelSize = 5)]
[Conv2d(4, KernelSize = 2, Stride = 2)]
[Linear(5)]
public sealed partial class ScratchSizesNet;

/// <summary>
/// The per-image pools' paths in float: 2×2 averages over rows of at least a 512-bit vector (with an
/// activation after) and of only a 256-bit one; a max pool and a 3×3 average (windows through references).
/// </summary>
[Network(Channels = 2, Height = 12, Width = 36)]
[AvgPool2d(2), Tanh]
[MaxPool2d(2)]
[Conv2d(3, KernelSize = 2)]
[AvgPool2d(2)]
[Conv2d(2, KernelSize = 1, Padding = 1)]
[AvgPool2d(3)]
[Linear(5)]
public sealed partial class ImagePoolsNet;

/// <summary>
/// The per-image forward (<c>Forward</c> and <c>Predict</c> of one image, and the images left over after the
/// last lane group) runs its own kernels: at every accelerated width, each image through it must give the
/// logits of the batched lane kernels.
/// </summary>
public sealed class ImageForwardTests
{
    [Fact]
    public void LeNet5ImagesMatchTheBatch() => Check<LeNet5, float>(1e-5);

    [Fact]
    public void LeNet1998ImagesMatchTheBatch() => Check<LeNet1998, float>(1e-5);

    [Fact]
    public void ImagePoolsNetImagesMatchTheBatch() => Check<ImagePoolsNet, float>(1e-6);

    [Fact]
    public void WideRowsNetImagesMatchTheBatch() => Check<WideRowsNet, double>(1e-12);

    [Fact]
    public void ScratchSizesNetImagesMatchTheBatch() => Check<ScratchSizesNet, double>(1e-12);

    private static void Check<TNetwork, T>(double tolerance)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (VectorWidth width in Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated))
        {
            Check<TNetwork, T>(TNetwork.Create(7, width), tolerance);
        }
    }

    private static void Check<TNetwork, T>(TNetwork network, double tolerance)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(11);
        int batch = (2 * VectorWidths.Lanes<T>(network.Width)) + 1;
        T[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => T.CreateChecked((random.NextDouble() * 2) - 1)).ToArray();
        var batched = new T[batch * TNetwork.OutputLength];
        network.Forward(inputs, batched);

        var single = new T[TNetwork.OutputLength];
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<T> image = inputs.AsSpan(n * TNetwork.InputLength, TNetwork.InputLength);
            network.Forward(image, single);
            double[] expected = batched.AsSpan(n * TNetwork.OutputLength, TNetwork.OutputLength).ToArray().Select(double.CreateChecked).ToArray();
            Tolerance.Absolute(expected, single.Select(double.CreateChecked).ToArray(), tolerance, $"logits of image {n} at {network.Width}");

            int predicted = network.Predict(image);
            Assert.Equal(single[predicted], single.Max());
        }
    }
}
