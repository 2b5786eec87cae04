using LeNet.Browser.Training;
using LeNet.Generated.Data;

namespace LeNet.Browser.Tests;

/// <summary>What the app ships in wwwroot is what it says it is.</summary>
public sealed class ShippedFilesTests
{
    private static string Shipped(string relative) => RepositoryFiles.File($"samples/LeNet.Browser/wwwroot/{relative}");

    [Fact]
    public void TheWeightsAreTheInferenceSamplesWeights() =>
        Assert.Equal(File.ReadAllBytes(RepositoryFiles.File("samples/LeNet.Inference/lenet5.safetensors")), File.ReadAllBytes(Shipped("lenet5.safetensors")));

    [Theory]
    [InlineData("train", TrainingData.TrainCount)]
    [InlineData("t10k", TrainingData.TestCount)]
    public void TheMnistSubsetIsTheStartOfMnist(string prefix, int count)
    {
        IdxImages subset = Idx.ReadImages(Shipped($"mnist/{prefix}-images-idx3-ubyte.gz"));
        IdxImages full = Idx.ReadImages(Path.Combine(RepositoryFiles.Mnist, $"{prefix}-images-idx3-ubyte.gz"));
        Assert.Equal((count, 28, 28), (subset.Count, subset.Rows, subset.Columns));
        Assert.True(full.Pixels.AsSpan(0, count * 784).SequenceEqual(subset.Pixels));

        byte[] labels = Idx.ReadLabels(Shipped($"mnist/{prefix}-labels-idx1-ubyte.gz"));
        Assert.Equal(Idx.ReadLabels(Path.Combine(RepositoryFiles.Mnist, $"{prefix}-labels-idx1-ubyte.gz")).AsSpan(0, count).ToArray(), labels);
    }

    [Fact]
    public void ThePageStatesTheDownloadOfTheSubset()
    {
        long bytes = TrainingData.FileNames.Sum(name => new FileInfo(Shipped($"{TrainingData.Folder}/{name}")).Length);
        Assert.Equal(TrainingData.DownloadDescription, $"{bytes / 1e6:F1} MB");
    }
}
