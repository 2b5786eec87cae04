using LeNet.Generated.Data;

namespace LeNet.Browser.Tests;

/// <summary>MNIST's test set from data/mnist, read once.</summary>
internal static class Mnist
{
    private static readonly Lazy<(IdxImages Images, byte[] Labels)> TestSet = new(() => (
        Idx.ReadImages(Path.Combine(RepositoryFiles.Mnist, "t10k-images-idx3-ubyte.gz")),
        Idx.ReadLabels(Path.Combine(RepositoryFiles.Mnist, "t10k-labels-idx1-ubyte.gz"))));

    public static IdxImages TestImages => TestSet.Value.Images;

    public static byte[] TestLabels => TestSet.Value.Labels;

    /// <summary>Test image <paramref name="index"/>, 28×28 bytes.</summary>
    public static ReadOnlySpan<byte> TestImage(int index) => TestImages.Pixels.AsSpan(index * 784, 784);

    /// <summary>The shipped weights (trained by samples/LeNet.Training, 99.15 % on the test set).</summary>
    public static byte[] ShippedWeights() => File.ReadAllBytes(RepositoryFiles.File("samples/LeNet.Browser/wwwroot/lenet5.safetensors"));
}
