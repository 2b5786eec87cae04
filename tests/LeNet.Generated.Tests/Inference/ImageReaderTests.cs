using System.IO.Compression;
using System.Text;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Inference;

namespace LeNet.Generated.Tests.Inference;

/// <summary>
/// The inference sample's PGM, PNG and text readers against images encoded here from the
/// formats' definitions (Netpbm's pgm(5); PNG, ISO/IEC 15948 sections 6 and 9: filters, zlib).
/// </summary>
public sealed class ImageReaderTests
{
    private static readonly byte[] Digit = Enumerable.Range(0, 784).Select(i => (byte)((i * 37) % 256)).ToArray();

    [Fact]
    public void ReadsBinaryAndPlainPgmWithComments()
    {
        byte[] p5 = [.. "P5\n# a comment\n28 28\n255\n"u8, .. Digit];
        Assert.Equal(Digit, Pgm.Decode(p5, "p5").Pixels);

        string p2 = "P2 28 # width\n28\n255\n" + string.Join(' ', Digit) + "\n";
        Assert.Equal(Digit, Pgm.Decode(Encoding.ASCII.GetBytes(p2), "p2").Pixels);
    }

    [Fact]
    public void ScalesAPgmMaxvalTo255()
    {
        byte[] p5 = [.. "P5 2 1 15\n"u8, 15, 5];
        Assert.Equal(new byte[] { 255, 85 }, Pgm.Decode(p5, "p5").Pixels);
    }

    [Fact]
    public void AShortPgmSaysHowManyBytesItExpected()
    {
        byte[] p5 = [.. "P5 28 28 255\n"u8, .. Digit[..700]];
        var error = Assert.Throws<InvalidDataException>(() => Pgm.Decode(p5, "short.pgm"));
        Assert.Equal("short.pgm: 700 bytes of pixel data; expected 784 (28×28).", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ReadsGrayPngWithEachFilter(byte filter)
    {
        var (width, height, pixels) = Png.Decode(EncodePng(Digit, 28, 28, 1, filter), "gray.png");
        Assert.Equal((28, 28), (width, height));
        Assert.Equal(Digit, pixels);
    }

    [Fact]
    public void ReducesRgbPngToLuma()
    {
        byte[] rgb = [10, 20, 30, 255, 255, 255, 0, 0, 0, 200, 100, 50];
        var (_, _, pixels) = Png.Decode(EncodePng(rgb, 2, 2, 3, filter: 4), "rgb.png");
        Assert.Equal(new byte[] { 18, 255, 0, 124 }, pixels); // (299 R + 587 G + 114 B + 500) / 1000
    }

    [Fact]
    public void RejectsAPngThisDecoderDoesNotRead()
    {
        byte[] png = EncodePng(Digit, 28, 28, 1, filter: 0);
        png[8 + 8 + 8] = 16; // IHDR bit depth
        var error = Assert.Throws<InvalidDataException>(() => Png.Decode(png, "deep.png"));
        Assert.StartsWith("deep.png: PNG with bit depth 16, colour type 0, interlace 0; expected bit depth 8", error.Message);
    }

    [Fact]
    public void ReadsFilesByTheirFirstBytesAndChecksTheSize()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("digit.image"), EncodePng(Digit, 28, 28, 1, filter: 2));
        Assert.Equal(Digit, InputImages.ReadFile(directory.File("digit.image")).Pixels);

        File.WriteAllBytes(directory.File("small.pgm"), [.. "P5 2 1 255\n"u8, 1, 2]);
        var error = Assert.Throws<InvalidDataException>(() => InputImages.ReadFile(directory.File("small.pgm")));
        Assert.EndsWith("small.pgm: a 2×1 image; expected 28×28 pixels.", error.Message);

        File.WriteAllText(directory.File("notes.txt"), "hello");
        error = Assert.Throws<InvalidDataException>(() => InputImages.ReadFile(directory.File("notes.txt")));
        Assert.Contains("expected an IDX image file (magic 0x00000803, raw or gzip), a PGM (P5 or P2) or a PNG", error.Message);
    }

    [Fact]
    public void ReadsLinesOfPixelsFromStandardInput()
    {
        string text = string.Join(' ', Digit) + "\n\n" + string.Join('\t', Digit.Reverse()) + "\n";
        InputImages images = InputImages.ReadStandardInput(Encoding.ASCII.GetBytes(text));
        Assert.Equal(2, images.Count);
        Assert.Equal([.. Digit, .. Digit.Reverse()], images.Pixels);

        var error = Assert.Throws<InvalidDataException>(() => InputImages.ReadStandardInput(Encoding.ASCII.GetBytes("1 2 3\n")));
        Assert.Equal("stdin: line 1 has 3 values; expected 784 pixels (0 to 255) per line, or a PGM or PNG image.", error.Message);
        error = Assert.Throws<InvalidDataException>(() => InputImages.ReadStandardInput(Encoding.ASCII.GetBytes(string.Join(' ', Digit.Select(d => 256)))));
        Assert.Equal("stdin: line 1 has the value '256'; expected whole numbers 0 to 255.", error.Message);
    }

    // A PNG encoder written from the specification: every row filtered with `filter`, one IDAT.
    private static byte[] EncodePng(byte[] samples, int width, int height, int channels, byte filter)
    {
        int stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++)
        {
            raw[y * (stride + 1)] = filter;
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? samples[(y * stride) + x - channels] : 0;
                int b = y > 0 ? samples[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? samples[((y - 1) * stride) + x - channels] : 0;
                int p = a + b - c;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c,
                };
                raw[(y * (stride + 1)) + 1 + x] = (byte)(samples[(y * stride) + x] - predictor);
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        byte colour = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        byte[] header = [.. BigEndian(width), .. BigEndian(height), 8, colour, 0, 0, 0];
        return [0x89, .. "PNG\r\n\u001a\n"u8, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    // The decoder does not check CRCs, so zeros stand in for them.
    private static byte[] Chunk(string type, byte[] data) => [.. BigEndian(data.Length), .. Encoding.ASCII.GetBytes(type), .. data, 0, 0, 0, 0];

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
