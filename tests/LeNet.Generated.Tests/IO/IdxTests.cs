using LeNet.Generated.Data;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.IO;

/// <summary><see cref="Idx"/> on the committed MNIST slice and on files damaged in every way the format allows.</summary>
public sealed class IdxTests
{
    public static TheoryData<bool> Compressed => [false, true];

    [Fact]
    public void ReadsTheSlicesLabels()
    {
        byte[] training = Idx.ReadLabels(MnistSlice.File("train-labels-idx1-ubyte.gz"));
        byte[] test = Idx.ReadLabels(MnistSlice.File("t10k-labels-idx1-ubyte.gz"));

        Assert.Equal(MnistSlice.TrainingCount, training.Length);
        Assert.Equal(MnistSlice.TestCount, test.Length);
        Assert.Equal(MnistSlice.FirstTrainingLabels, training.Take(10).Select(b => (int)b));
        Assert.Equal(MnistSlice.FirstTestLabels, test.Take(10).Select(b => (int)b));
    }

    [Fact]
    public void ReadsTheSlicesImages()
    {
        IdxImages images = Idx.ReadImages(MnistSlice.File("train-images-idx3-ubyte.gz"));

        Assert.Equal((MnistSlice.TrainingCount, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(MnistSlice.TrainingCount * 28 * 28, images.Pixels.Length);
        Assert.Equal(MnistSlice.FirstTrainingImagePixelSum, images.Pixels.Take(784).Sum(p => p));
        Assert.All(MnistSlice.FirstTrainingImagePixels, p => Assert.Equal(p.Pixel, images.Pixels[p.Index]));
    }

    [Fact]
    public void RecognisesGzipByItsMagicBytesNotItsName()
    {
        using var directory = new TemporaryDirectory();
        byte[] raw = IdxBytes.Gunzip(MnistSlice.File("t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(directory.File("raw-named.gz"), raw);
        File.Copy(MnistSlice.File("t10k-images-idx3-ubyte.gz"), directory.File("gzip-named.idx"));

        IdxImages fromRaw = Idx.ReadImages(directory.File("raw-named.gz"));
        IdxImages fromGzip = Idx.ReadImages(directory.File("gzip-named.idx"));

        Assert.Equal(MnistSlice.TestCount, fromRaw.Count);
        Assert.Equal(raw.AsSpan(16).ToArray(), fromRaw.Pixels);
        Assert.Equal(fromRaw.Pixels, fromGzip.Pixels);
        Assert.Equal((fromRaw.Count, fromRaw.Rows, fromRaw.Columns), (fromGzip.Count, fromGzip.Rows, fromGzip.Columns));
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void ReadsASmallFileExactly(bool gzip)
    {
        byte[] pixels = IdxBytes.Images(3, 2, 4);
        IdxImages images = Read(IdxBytes.Raw(IdxBytes.ImagesMagic, [3, 2, 4], pixels), gzip, out _);

        Assert.Equal((3, 2, 4), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
    }

    [Fact]
    public void RejectsAWrongMagicNumber()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("train-images-idx3-ubyte.gz");
        File.Copy(MnistSlice.File("train-labels-idx1-ubyte.gz"), path);

        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Equal($"{path}: expected magic 0x00000803 (unsigned-byte images), found 0x00000801.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void RejectsATruncatedFile(bool gzip)
    {
        byte[] file = IdxBytes.Raw(IdxBytes.ImagesMagic, [3, 2, 4], IdxBytes.Images(3, 2, 4)[..20]);

        var error = Assert.Throws<InvalidDataException>(() => Read(file, gzip, out _));
        Assert.Contains("idx-file: the file is truncated: expected 24 bytes after the 16-byte header (3 × 2 × 4), found 20.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void RejectsTrailingData(bool gzip)
    {
        byte[] file = IdxBytes.Raw(IdxBytes.LabelsMagic, [5], [1, 2, 3, 4, 5, 6]);

        var error = Assert.Throws<InvalidDataException>(() => ReadLabels(file, gzip, out _));
        Assert.Contains("idx-file: the file is longer than its header says (trailing data): expected 5 bytes after the 8-byte header (5), found", error.Message);
        Assert.EndsWith(gzip ? "found more." : "found 6.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void RejectsATruncatedHeader(bool gzip)
    {
        byte[] file = IdxBytes.Raw(IdxBytes.ImagesMagic, [3, 2], []);

        var error = Assert.Throws<InvalidDataException>(() => Read(file, gzip, out _));
        Assert.Contains("idx-file: the data ends after 12 bytes; expected a 16-byte IDX header", error.Message);

        error = Assert.Throws<InvalidDataException>(() => Read([0, 0, 8], gzip, out _));
        Assert.Contains("idx-file: the data ends after 3 bytes", error.Message);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void RejectsAForgedCountWithoutAllocatingIt(bool gzip)
    {
        // A million 28×28 images claimed (784 MB), two present.
        byte[] file = IdxBytes.Raw(IdxBytes.ImagesMagic, [1_000_000, 28, 28], IdxBytes.Images(2, 28, 28));

        long allocated = AllocatedBy(() => Assert.Throws<InvalidDataException>(() => Read(file, gzip, out _)), out Exception error);
        Assert.Contains("idx-file: the file is truncated: expected 784000000 bytes after the 16-byte header (1000000 × 28 × 28), found 1568.", error.Message);
        Assert.True(allocated < 16 << 20, $"Rejecting the forged count allocated {allocated} bytes.");
    }

    [Fact]
    public void RejectsCountsNoArrayCanHold()
    {
        // Past Array.MaxLength: in a gzip file the true length is unknown until the stream ends.
        byte[] file = IdxBytes.Raw(IdxBytes.ImagesMagic, [3_000_000, 28, 28], IdxBytes.Images(1, 28, 28));
        long allocated = AllocatedBy(() => Assert.Throws<InvalidDataException>(() => Read(file, gzip: true, out _)), out Exception error);
        Assert.Contains("idx-file: the header claims 3000000 × 28 × 28 = 2352000000 bytes; expected at most", error.Message);
        Assert.True(allocated < 16 << 20, $"Rejecting the forged count allocated {allocated} bytes.");

        // 2^31 labels: more than the 32-bit signed count .NET arrays are indexed by.
        error = Assert.Throws<InvalidDataException>(() => ReadLabels(IdxBytes.Raw(IdxBytes.LabelsMagic, [0x8000_0000], [1, 2]), gzip: true, out _));
        Assert.Contains("idx-file: dimension 0 has size 2147483648; expected 0 to 2147483647.", error.Message);
    }

    [Fact]
    public void RejectsEmptyImages()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(IdxBytes.Raw(IdxBytes.ImagesMagic, [2, 0, 28], []), gzip: false, out _));

        Assert.Contains("idx-file: dimension 1 has size 0; expected 1 to 2147483647.", error.Message);
    }

    [Fact]
    public void RejectsCorruptGzipDataNamingTheFile()
    {
        byte[] file = IdxBytes.Gzip(IdxBytes.Raw(IdxBytes.LabelsMagic, [100], Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray()));
        file[^6] ^= 0xFF; // inside the CRC-32 of the uncompressed data

        using var directory = new TemporaryDirectory();
        string path = directory.File("labels.gz");
        File.WriteAllBytes(path, file);
        var error = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));
        Assert.StartsWith($"{path}: the gzip data is corrupt", error.Message);
    }

    [Fact]
    public void AMissingFileIsFileNotFound()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("t10k-labels-idx1-ubyte.gz");

        var error = Assert.Throws<FileNotFoundException>(() => Idx.ReadLabels(path));
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    private static IdxImages Read(byte[] raw, bool gzip, out string path) => ReadFile(raw, gzip, out path, Idx.ReadImages);

    private static byte[] ReadLabels(byte[] raw, bool gzip, out string path) => ReadFile(raw, gzip, out path, Idx.ReadLabels);

    /// <summary>Writes the file, compressed or not, under the name "idx-file" that the messages must quote, and reads it.</summary>
    private static TResult ReadFile<TResult>(byte[] raw, bool gzip, out string path, Func<string, TResult> read)
    {
        using var directory = new TemporaryDirectory();
        path = directory.File("idx-file");
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(raw) : raw);
        return read(path);
    }

    private static long AllocatedBy(Func<Exception> action, out Exception error)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        error = action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
