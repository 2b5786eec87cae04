using System.Buffers.Binary;
using System.IO.Compression;

namespace LeNet.Generated.Tests.IO;

/// <summary>Builds IDX files byte by byte, so a test can damage any part of one.</summary>
internal static class IdxBytes
{
    public const int LabelsMagic = 0x00000801;
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic, each size big-endian, then <paramref name="body"/>.</summary>
    public static byte[] Raw(int magic, uint[] sizes, byte[] body)
    {
        var bytes = new byte[4 + (4 * sizes.Length) + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < sizes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), sizes[i]);
        }

        body.CopyTo(bytes, 4 + (4 * sizes.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }

        return compressed.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        return raw.ToArray();
    }

    /// <summary>Images 0, 1, 2, … each filled with its own index, so a misplaced byte shows.</summary>
    public static byte[] Images(int count, int rows, int columns) =>
        Enumerable.Range(0, count).SelectMany(i => Enumerable.Repeat((byte)i, rows * columns)).ToArray();
}
