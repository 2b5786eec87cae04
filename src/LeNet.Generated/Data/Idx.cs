using System.Buffers.Binary;
using System.IO.Compression;

namespace LeNet.Generated.Data;

/// <summary>
/// Reads IDX files, the format MNIST is distributed in: a big-endian magic number <c>0x000008DD</c>
/// (0x08 for unsigned bytes, DD dimensions), one big-endian 32-bit size per dimension, then the
/// data, row-major. A gzip-compressed file is recognised by its first two bytes, whatever its name.
/// The sizes in the header are checked against the bytes really there before anything of that
/// size is allocated, so a damaged or forged header fails fast instead of exhausting memory.
/// </summary>
public static class Idx
{
    private const int LabelsMagic = 0x00000801;
    private const int ImagesMagic = 0x00000803;
    private const string LabelsKind = "unsigned-byte labels";
    private const string ImagesKind = "unsigned-byte images";

    // A gzip stream's true length is unknown until it ends, so its buffer starts at a size the
    // compressed file can back (MNIST compresses about 5:1) and doubles as data arrives.
    private const int MinimumGzipCapacity = 1 << 20;
    private const int GzipCapacityPerCompressedByte = 8;

    /// <summary>Reads a 1-D unsigned-byte IDX file (magic 0x00000801), such as MNIST labels.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not such an IDX file, or is truncated or has trailing data.</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, LabelsKind, stackalloc int[1]);

    /// <summary>Reads a 3-D unsigned-byte IDX file (magic 0x00000803), such as MNIST images.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not such an IDX file, or is truncated or has trailing data.</exception>
    public static IdxImages ReadImages(string path)
    {
        Span<int> dimensions = stackalloc int[3];
        byte[] pixels = Read(path, ImagesMagic, ImagesKind, dimensions);
        return new IdxImages(dimensions[0], dimensions[1], dimensions[2], pixels);
    }

    private static byte[] Read(string path, int magic, string kind, Span<int> dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found; expected an IDX file of {kind}.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        bool gzip = IsGzip(file);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;

        int headerLength = 4 * (1 + dimensions.Length);
        Span<byte> header = stackalloc byte[headerLength];
        int read = ReadAtLeast(stream, header[..4], path);
        if (read < 4)
        {
            throw Error(path, $"the data ends after {read} bytes; expected a {headerLength}-byte IDX header starting with magic 0x{magic:X8} ({kind}).");
        }

        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            throw Error(path, $"expected magic 0x{magic:X8} ({kind}), found 0x{found:X8}.");
        }

        read = ReadAtLeast(stream, header[4..], path);
        if (read < headerLength - 4)
        {
            throw Error(path, $"the data ends after {4 + read} bytes; expected a {headerLength}-byte IDX header (magic and {dimensions.Length} dimension sizes).");
        }

        UInt128 length = 1;
        for (int i = 0; i < dimensions.Length; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header[(4 + (4 * i))..]);
            if (size > int.MaxValue || (i > 0 && size == 0))
            {
                throw Error(path, $"dimension {i} has size {size}; expected {(i == 0 ? "0" : "1")} to {int.MaxValue}.");
            }

            dimensions[i] = (int)size;
            length *= size;
        }

        string shape = string.Join(" × ", dimensions.ToArray());
        if (!gzip)
        {
            // The raw file's length is known: compare before allocating what the header claims.
            long remaining = file.Length - headerLength;
            if ((UInt128)remaining != length)
            {
                throw Error(path, $"the file is {((UInt128)remaining < length ? "truncated" : "longer than its header says (trailing data)")}: expected {length} bytes after the {headerLength}-byte header ({shape}), found {remaining}.");
            }
        }

        if (length > (UInt128)Array.MaxLength)
        {
            throw Error(path, $"the header claims {shape} = {length} bytes; expected at most {Array.MaxLength}, the largest array .NET allocates.");
        }

        int total = (int)length;
        byte[] data = new byte[gzip ? (int)Math.Min(total, Math.Max(MinimumGzipCapacity, GzipCapacityPerCompressedByte * file.Length)) : total];
        int filled = 0;
        while (filled < total)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
            }

            read = ReadAtLeast(stream, data.AsSpan(filled), path);
            if (read == 0)
            {
                throw Error(path, $"the file is truncated: expected {total} bytes after the {headerLength}-byte header ({shape}), found {filled}.");
            }

            filled += read;
        }

        if (gzip && ReadAtLeast(stream, stackalloc byte[1], path) != 0)
        {
            throw Error(path, $"the file is longer than its header says (trailing data): expected {total} bytes after the {headerLength}-byte header ({shape}), found more.");
        }

        return data;
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> start = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && start[0] == 0x1f && start[1] == 0x8b;
        file.Position = 0;
        return gzip;
    }

    /// <summary>Fills <paramref name="buffer"/> unless the data ends first; names the file when the gzip data is corrupt.</summary>
    private static int ReadAtLeast(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the gzip data is corrupt ({e.Message}); expected a valid gzip stream.", e);
        }
    }

    private static InvalidDataException Error(string path, string message) => new($"{path}: {message}");
}
