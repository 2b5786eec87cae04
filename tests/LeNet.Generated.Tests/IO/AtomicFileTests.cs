using LeNet.Generated.IO;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Tests.IO;

/// <summary><see cref="AtomicFile"/>: the new content all at once, or the old content untouched and nothing left behind.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void ASuccessfulWriteReplacesTheContent()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.bin");
        File.WriteAllText(path, "old content, longer than the new");

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["weights.bin"], directory.FileNames());
    }

    [Fact]
    public void AWriteThatThrowsLeavesTheOldContentAndNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.bin");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            stream.Flush();
            Assert.Equal(2, directory.FileNames().Length); // the temporary file really was there
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("disk full", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["weights.bin"], directory.FileNames());
    }

    [Fact]
    public void AWriteThatThrowsCreatesNoFile()
    {
        using var directory = new TemporaryDirectory();

        Assert.Throws<IOException>(() => AtomicFile.Write(directory.File("new.bin"), _ => throw new IOException("device gone")));

        Assert.Empty(directory.FileNames());
    }

    [Fact]
    public void AFailedSafeTensorsWriteLeavesTheOldFile()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.safetensors");
        File.WriteAllText(path, "old");

        // The tensor runs past the parameters: found only once the temporary file exists.
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [new ParameterTensor("w", 0, [100])], new float[7]));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["weights.safetensors"], directory.FileNames());
    }
}
