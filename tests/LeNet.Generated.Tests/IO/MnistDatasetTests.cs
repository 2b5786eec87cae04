using LeNet.Generated.Data;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.IO;

/// <summary><see cref="MnistDataset"/> on the committed slice and on directories with damaged or missing files.</summary>
public sealed class MnistDatasetTests
{
    [Fact]
    public void LoadsTheTrainingAndTestSlices()
    {
        MnistDataset training = MnistDataset.Load(MnistSlice.Directory, train: true);
        MnistDataset test = MnistDataset.Load(MnistSlice.Directory, train: false);

        Assert.Equal((MnistSlice.TrainingCount, 28, 28, 784), (training.Count, training.Rows, training.Columns, training.ImageLength));
        Assert.Equal(MnistSlice.TestCount, test.Count);
        Assert.Equal(MnistSlice.TrainingCount * 784, training.Images.Length);
        Assert.Equal(MnistSlice.TestCount * 784, test.Images.Length);
        Assert.Equal(MnistSlice.FirstTrainingLabels, training.Labels.Take(10));
        Assert.Equal(MnistSlice.FirstTestLabels, test.Labels.Take(10));
        Assert.All(training.Labels, label => Assert.InRange(label, 0, 9));
    }

    [Fact]
    public void NormalisesExactlyAsPyTorch()
    {
        MnistDataset training = MnistDataset.Load(MnistSlice.Directory, train: true);

        // Pixel 0 by hand: (0 − 0.1307) / 0.3081.
        Assert.Equal(-0.1307 / 0.3081, training.Images[0], 1e-7);

        // torch.tensor(p, dtype=uint8).float().div(255).sub(0.1307).div(0.3081) for the pixels 0, 3, 126 and 255 of the first image.
        float[] pytorch = [-0.4242129623889923f, -0.3860282599925995f, 1.179544448852539f, 2.821486711502075f];
        Assert.Equal(pytorch, MnistSlice.FirstTrainingImagePixels.Select(p => training.Images[p.Index]));
    }

    /// <summary>Every pixel of the slice, normalised 16 at a time, has the bits of the scalar float formula.</summary>
    [Fact]
    public void EveryPixelHasTheBitsOfTheScalarFormula()
    {
        MnistDataset training = MnistDataset.Load(MnistSlice.Directory, train: true);
        byte[] bytes = Idx.ReadImages(Path.Combine(MnistSlice.Directory, "train-images-idx3-ubyte.gz")).Pixels;

        Assert.Equal(bytes.Length, training.Images.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            float expected = ((bytes[i] / 255f) - MnistDataset.Mean) / MnistDataset.StandardDeviation;
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(training.Images[i]), $"pixel {i} (byte {bytes[i]}): {training.Images[i]:R}, expected {expected:R}");
        }

        Assert.Contains(bytes, b => b is > 0 and < 255);
    }

    [Fact]
    public void ReadsUncompressedFilesAndPrefersThem()
    {
        using var directory = new TemporaryDirectory();
        foreach (string name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.WriteAllBytes(directory.File(name), IdxBytes.Gunzip(MnistSlice.File(name + ".gz")));
        }

        MnistDataset uncompressed = MnistDataset.Load(directory.Path, train: false);
        MnistDataset compressed = MnistDataset.Load(MnistSlice.Directory, train: false);
        Assert.Equal(compressed.Images, uncompressed.Images);
        Assert.Equal(compressed.Labels, uncompressed.Labels);

        // A damaged .gz beside a good uncompressed file is never opened.
        File.WriteAllBytes(directory.File("t10k-labels-idx1-ubyte.gz"), [1, 2, 3]);
        Assert.Equal(compressed.Labels, MnistDataset.Load(directory.Path, train: false).Labels);
    }

    [Fact]
    public void RejectsALabelThatIsNotADigit()
    {
        using var directory = new TemporaryDirectory();
        WriteSet(directory, "train", IdxBytes.Images(3, 2, 2), [3, 2, 2], [7, 10, 1]);

        var error = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(directory.Path, train: true));
        Assert.Equal($"{directory.File("train-labels-idx1-ubyte")}: label 10 at index 1; expected a digit, 0 to 9.", error.Message);
    }

    [Fact]
    public void RejectsImageAndLabelCountsThatDiffer()
    {
        using var directory = new TemporaryDirectory();
        WriteSet(directory, "t10k", IdxBytes.Images(3, 2, 2), [3, 2, 2], [7, 1]);

        var error = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(directory.Path, train: false));
        Assert.Equal($"{directory.File("t10k-labels-idx1-ubyte")}: 2 labels, but {directory.File("t10k-images-idx3-ubyte")} has 3 images; expected one label per image.", error.Message);
    }

    [Fact]
    public void AMissingFileIsFileNotFoundNamingIt()
    {
        using var directory = new TemporaryDirectory();
        WriteSet(directory, "train", IdxBytes.Images(1, 2, 2), [1, 2, 2], [4]);
        File.Delete(directory.File("train-labels-idx1-ubyte"));

        var error = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(directory.Path, train: true));
        Assert.Equal(directory.File("train-labels-idx1-ubyte.gz"), error.FileName);
        Assert.Contains("train-labels-idx1-ubyte.gz", error.Message);
    }

    [Fact]
    public void PadSurroundsEachImageWithTheBackgroundValue()
    {
        MnistDataset slice = MnistDataset.Load(MnistSlice.Directory, train: true).Take(3);
        MnistDataset padded = slice.Pad(2);
        float background = (0 - MnistDataset.Mean) / MnistDataset.StandardDeviation;

        Assert.Equal((3, 32, 32, 1024), (padded.Count, padded.Rows, padded.Columns, padded.ImageLength));
        Assert.Equal(slice.Labels, padded.Labels);
        for (int n = 0; n < 3; n++)
        {
            for (int y = 0; y < 32; y++)
            {
                for (int x = 0; x < 32; x++)
                {
                    float expected = y < 2 || y >= 30 || x < 2 || x >= 30 ? background : slice.Images[(n * 784) + ((y - 2) * 28) + (x - 2)];
                    Assert.Equal(expected, padded.Images[(n * 1024) + (y * 32) + x]);
                }
            }
        }
    }

    [Fact]
    public void TakeAndSliceCopyWholeImagesWithTheirLabels()
    {
        using var directory = new TemporaryDirectory();
        WriteSet(directory, "train", IdxBytes.Images(5, 2, 3), [5, 2, 3], [0, 1, 2, 3, 4]);
        MnistDataset all = MnistDataset.Load(directory.Path, train: true);

        MnistDataset first = all.Take(2);
        MnistDataset middle = all.Slice(1, 3);

        Assert.Equal((2, 6), (first.Count, first.ImageLength));
        Assert.Equal([0, 1], first.Labels);
        Assert.Equal(all.Images[..12], first.Images);
        Assert.Equal([1, 2, 3], middle.Labels);
        Assert.Equal(all.Images[6..24], middle.Images);
        Assert.Equal(0, all.Slice(5, 0).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => all.Slice(4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => all.Take(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => all.Slice(-1, 1));
    }

    private static void WriteSet(TemporaryDirectory directory, string prefix, byte[] pixels, uint[] imageSizes, byte[] labels)
    {
        File.WriteAllBytes(directory.File($"{prefix}-images-idx3-ubyte"), IdxBytes.Raw(IdxBytes.ImagesMagic, imageSizes, pixels));
        File.WriteAllBytes(directory.File($"{prefix}-labels-idx1-ubyte"), IdxBytes.Raw(IdxBytes.LabelsMagic, [(uint)labels.Length], labels));
    }
}
