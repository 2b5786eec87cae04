using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Tests.IO;

/// <summary>
/// <see cref="SafeTensors"/> against files built byte by byte from the format's definition
/// (huggingface/safetensors: u64 little-endian header length, JSON header padded with spaces to a
/// multiple of 8, little-endian row-major data), and against every kind of damage.
/// </summary>
public sealed class SafeTensorsTests
{
    private static readonly ParameterTensor[] Tensors = [new("w", 0, [2, 2]), new("b", 4, [3])];
    private static readonly float[] Values = [1, 2, 3, 4, -1, 0.5f, 2];

    [Fact]
    public void WritesTheReferenceLayoutByteForByte()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, Tensors, Values, new Dictionary<string, string> { ["format"] = "pt" });

        const string Json = """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]}}""";
        Assert.Equal(143, Json.Length);
        byte[] expected = [.. U64(144), .. Encoding.ASCII.GetBytes(Json), .. " "u8, .. F32(1, 2, 3, 4), .. F32(-1, 0.5f, 2)];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void MatchesTheReferenceImplementationsOwnTestVectors()
    {
        // huggingface/safetensors, safetensors/src/tensor.rs: test_serialization_forced_alignement and test_empty.
        byte[] attn0 =
        [
            72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
            121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
            91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
            115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
            32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
            160, 64,
        ];
        byte[] empty = [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32];
        byte[] emptyWithMetadata =
        [
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        ];
        ParameterTensor[] tensors = [new("attn0", 0, [1, 1, 2, 3])];
        float[] values = [0, 1, 2, 3, 4, 5];

        Assert.Equal(attn0, Written(stream => SafeTensors.Write(stream, tensors, values)));
        Assert.Equal(empty, Written(stream => SafeTensors.Write(stream, [], ReadOnlySpan<float>.Empty)));
        Assert.Equal(emptyWithMetadata, Written(stream => SafeTensors.Write(stream, [], ReadOnlySpan<float>.Empty, new Dictionary<string, string> { ["framework"] = "pt" })));

        var read = new float[6];
        SafeTensors.Read(new MemoryStream(attn0), tensors, read);
        Assert.Equal(values, read);
        Assert.Equal("pt", SafeTensors.ReadMetadata(new MemoryStream(emptyWithMetadata))["framework"]);
    }

    [Fact]
    public void WritesDoublesAsF64()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, [new ParameterTensor("x", 1, [2])], [9.0, 0.1, -2.5]);

        const string Json = """{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""";
        Assert.Equal(55, Json.Length);
        byte[] expected = [.. U64(56), .. Encoding.ASCII.GetBytes(Json), .. " "u8, .. F64(0.1, -2.5)];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void ReadsAFileInAnotherOrderWithTensorsItDoesNotNeed()
    {
        // As safetensors.torch writes a state_dict with a BatchNorm counter: sorted, unpadded here, an I64 scalar among them.
        byte[] file = File(
            """{"b":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"n":{"dtype":"I64","shape":[],"data_offsets":[12,20]},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[20,36]},"__metadata__":{"format":"pt"}}""",
            F32(-1, 0.5f, 2), U64(7), F32(1, 2, 3, 4));
        var destination = new float[7];

        SafeTensors.Read(new MemoryStream(file), Tensors, destination);

        Assert.Equal(Values, destination);
    }

    [Fact]
    public void RoundTripsFloatParametersBitExactly()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("lenet5.safetensors");
        var network = new LeNet5(seed: 1);
        float[] special = [-0f, BitConverter.Int32BitsToSingle(0x7FC0_1234), float.Epsilon, float.MaxValue, float.NegativeInfinity];
        special.CopyTo(network.Parameters);

        SafeTensors.Save<LeNet5, float>(network, path);
        var loaded = new LeNet5(seed: 2);
        SafeTensors.Load<LeNet5, float>(loaded, path);

        Assert.Equal(MemoryMarshal.Cast<float, int>(network.Parameters).ToArray(), MemoryMarshal.Cast<float, int>(loaded.Parameters).ToArray());
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(System.IO.File.ReadAllBytes(path));
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + (4L * LeNet5.ParameterCount), new FileInfo(path).Length);
    }

    [Fact]
    public void RoundTripsDoubleParametersBitExactly()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("smooth.safetensors");
        var network = new SmoothNet(seed: 4);
        double[] special = [-0.0, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), double.Epsilon, Math.PI];
        special.CopyTo(network.Parameters);

        SafeTensors.Save<SmoothNet, double>(network, path);
        var loaded = new SmoothNet(seed: 5);
        SafeTensors.Load<SmoothNet, double>(loaded, path);

        Assert.Equal(MemoryMarshal.Cast<double, long>(network.Parameters).ToArray(), MemoryMarshal.Cast<double, long>(loaded.Parameters).ToArray());
    }

    [Fact]
    public void ConvertsBetweenF32AndF64()
    {
        ParameterTensor[] tensor = [new("x", 0, [4])];
        var floats = new MemoryStream();
        SafeTensors.Write(floats, tensor, [0.1f, -3f, float.Epsilon, float.NaN]);
        var doubles = new MemoryStream();
        SafeTensors.Write(doubles, tensor, [0.1, 1e-50, 1e300, 1.0 / 3]);

        var widened = new double[4];
        SafeTensors.Read(new MemoryStream(floats.ToArray()), tensor, widened);
        var narrowed = new float[4];
        SafeTensors.Read(new MemoryStream(doubles.ToArray()), tensor, narrowed);

        Assert.Equal([(double)0.1f, -3, (double)float.Epsilon, double.NaN], widened);
        Assert.Equal([0.1f, 0f, float.PositiveInfinity, 1f / 3], narrowed);
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3", ["note"] = "ü <&> \"quoted\"\n\ttab" };

        SafeTensors.Write(path, Tensors, Values, metadata);

        Assert.Equal(metadata.OrderBy(p => p.Key), SafeTensors.ReadMetadata(path).OrderBy(p => p.Key));
        using (FileStream stream = System.IO.File.OpenRead(path))
        {
            Assert.Equal(metadata.OrderBy(p => p.Key), SafeTensors.ReadMetadata(stream).OrderBy(p => p.Key));
        }

        SafeTensors.Write(path, Tensors, Values);
        Assert.Empty(SafeTensors.ReadMetadata(path));
    }

    [Fact]
    public void MapsTheFilesNamesToTheExpectedOnes()
    {
        byte[] file = File(
            """{"features.0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]}}""",
            F32(1, 2, 3, 4), F32(-1, 0.5f, 2));
        var map = new Dictionary<string, string> { ["features.0.weight"] = "w" };
        var destination = new float[7];

        SafeTensors.Read(new MemoryStream(file), Tensors, destination, map);
        Assert.Equal(Values, destination);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(file), [new ParameterTensor("w", 0, [4])], destination, map));
        Assert.Equal("safetensors stream: tensor 'features.0.weight' (loaded as 'w') has shape [2, 2]; expected [4].", error.Message);
    }

    [Fact]
    public void RejectsAWrongShapeAndLeavesTheDestinationAlone()
    {
        byte[] file = File(
            """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1,3],"data_offsets":[16,28]}}""",
            F32(1, 2, 3, 4), F32(-1, 0.5f, 2));
        var destination = Enumerable.Repeat(42f, 7).ToArray();

        (string path, InvalidDataException error) = Reject(file, destination);

        Assert.Equal($"{path}: tensor 'b' has shape [1, 3]; expected [3].", error.Message);
        Assert.All(destination, v => Assert.Equal(42f, v));
    }

    [Fact]
    public void RejectsAMissingTensorByName()
    {
        byte[] file = File("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", F32(1, 2, 3, 4));

        (string path, InvalidDataException error) = Reject(file);

        Assert.Equal($"{path}: missing tensor 'b'; the file has 1: 'w'.", error.Message);
    }

    [Theory]
    [InlineData("F17", "tensor 'b' has unknown dtype 'F17'; expected one of BOOL, U8")]
    [InlineData("I32", "tensor 'b' has dtype I32; expected F32 (or F64, converted).")]
    public void RejectsADtypeItCannotLoad(string dtype, string message)
    {
        byte[] file = File(
            $$$"""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"{{{dtype}}}","shape":[3],"data_offsets":[16,28]}}""",
            F32(1, 2, 3, 4), F32(-1, 0.5f, 2));

        (string path, InvalidDataException error) = Reject(file);

        Assert.StartsWith($"{path}: {message}", error.Message);
    }

    [Theory]
    [InlineData("[0,16]", "[16,40]", 28, "tensor 'b' has data_offsets [16, 40], 24 bytes; expected 12 bytes for shape [3] of F32.")]
    [InlineData("[0,16]", "[20,32]", 28, "tensor 'b' has data_offsets [20, 32], past the end of the 28-byte data section; expected offsets inside it")]
    [InlineData("[0,16]", "[8,20]", 28, "tensor 'b' has data_offsets [8, 20], overlapping tensor 'w' at [0, 16]; expected each byte to belong to one tensor.")]
    [InlineData("[12,28]", "[0,12]", 32, "the tensors end at byte 28 of the 32-byte data section; expected them to fill it exactly (trailing data).")]
    [InlineData("[0,16]", "[20,32]", 32, "tensor 'b' has data_offsets [20, 32], leaving bytes 16 to 20 unused; expected tensors packed one after another from offset 0.")]
    [InlineData("[16,0]", "[16,28]", 28, "tensor 'w' has data_offsets [16, 0]; expected [begin, end] with begin ≤ end.")]
    [InlineData("[0,16,32]", "[16,28]", 28, "tensor 'w' has data_offsets [0, 16, 32]; expected [begin, end] with begin ≤ end.")]
    [InlineData("[0,-16]", "[16,28]", 28, "tensor 'w' has data_offsets element -16; expected a non-negative integer.")]
    [InlineData("[0,1.5e1]", "[16,28]", 28, "tensor 'w' has data_offsets element 1.5e1; expected a non-negative integer.")]
    public void RejectsOffsetsThatDoNotFitTheData(string w, string b, int dataLength, string message)
    {
        byte[] file = File(
            $$$"""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":{{{w}}}},"b":{"dtype":"F32","shape":[3],"data_offsets":{{{b}}}}}""",
            new byte[dataLength]);

        (string path, InvalidDataException error) = Reject(file);

        Assert.StartsWith($"{path}: {message}", error.Message);
    }

    [Fact]
    public void RejectsATruncatedFile()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, Tensors, Values);

        (string path, InvalidDataException error) = Reject(stream.ToArray()[..^4]);

        Assert.StartsWith($"{path}: tensor 'b' has data_offsets [16, 28], past the end of the 24-byte data section", error.Message);
    }

    [Fact]
    public void RejectsAFileTooShortForTheHeaderLength()
    {
        (string path, InvalidDataException error) = Reject([1, 0, 0, 0, 0]);

        Assert.Equal($"{path}: the file is 5 bytes long; expected at least 8, the header length.", error.Message);
    }

    [Theory]
    [InlineData(100UL)]
    [InlineData(1UL << 62)]
    [InlineData(ulong.MaxValue)]
    public void RejectsAHeaderLengthPastTheEndWithoutAllocatingIt(ulong length)
    {
        byte[] file = [.. U64(length), .. "{}      "u8];

        long before = GC.GetAllocatedBytesForCurrentThread();
        (string path, InvalidDataException error) = Reject(file);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: the header length is {length} bytes, but only 8 bytes follow it; expected a header inside the file (truncated, or not a safetensors file).", error.Message);
        Assert.True(allocated < 16 << 20, $"Rejecting the forged header length allocated {allocated} bytes.");
    }

    [Fact]
    public void RejectsAHeaderOverTheLimitWithoutAllocatingIt()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("huge.safetensors");
        using (FileStream stream = System.IO.File.Create(path))
        {
            stream.Write(U64(150_000_000));
            stream.SetLength(200_000_000); // sparse: no disk space, no time
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadMetadata(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: the header length is 150000000 bytes; expected at most 100000000.", error.Message);
        Assert.True(allocated < 16 << 20, $"Rejecting the header length allocated {allocated} bytes.");
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32",""", "the header is not valid JSON (")]
    [InlineData("""[1,2]""", "the header is a JSON Array; expected a JSON object of tensors.")]
    [InlineData("""{"w":[0,16]}""", "tensor 'w' is a JSON Array; expected an object with dtype, shape and data_offsets.")]
    [InlineData("""{"w":{"shape":[2,2],"data_offsets":[0,16]}}""", "tensor 'w' has no dtype string")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,16]}}""", "tensor 'w' has no shape array")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", "the header names 'w' twice")]
    [InlineData("""{"__metadata__":{"epoch":3}}""", "'__metadata__' entry 'epoch' is a JSON Number; expected a string.")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,16]}}""", "tensor 'w' has shape [4294967296, 4294967296, 4294967296], more than")]
    public void RejectsAMalformedHeader(string json, string message)
    {
        (string path, InvalidDataException error) = Reject(File(json, new byte[16]));

        Assert.StartsWith($"{path}: {message}", error.Message);
    }

    [Fact]
    public void AMissingFileIsFileNotFound()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("none.safetensors");

        var error = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load<LeNet5, float>(new LeNet5(seed: 1), path));
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    private static byte[] Written(Action<Stream> write)
    {
        var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="file"/> as weights.safetensors and expects reading <see cref="Tensors"/> from it to fail.</summary>
    private static (string Path, InvalidDataException Error) Reject(byte[] file, float[]? destination = null)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("weights.safetensors");
        System.IO.File.WriteAllBytes(path, file);
        return (path, Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path, Tensors, destination ?? new float[7])));
    }

    /// <summary>A safetensors file: the header's length, the header as given (no padding), the data.</summary>
    private static byte[] File(string json, params byte[][] data) =>
        [.. U64((ulong)Encoding.UTF8.GetByteCount(json)), .. Encoding.UTF8.GetBytes(json), .. data.SelectMany(d => d)];

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] F32(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    private static byte[] F64(params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }
}
