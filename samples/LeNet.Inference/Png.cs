using System.Buffers.Binary;
using System.IO.Compression;

namespace LeNet.Inference;

/// <summary>
/// A small PNG decoder for 8-bit, non-interlaced images: grayscale, grayscale with alpha, RGB and
/// RGBA (colour is reduced to luma, 0.299 R + 0.587 G + 0.114 B; alpha is ignored). Written by hand
/// over <see cref="ZLibStream"/> so the sample needs no imaging library. Chunk CRCs are not checked.
/// </summary>
public static class Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>Whether <paramref name="bytes"/> start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Decodes a PNG image into its width, height and 8-bit gray pixels, row-major.</summary>
    /// <exception cref="InvalidDataException">The file is damaged or uses a bit depth, colour type or interlacing this decoder does not read.</exception>
    public static (int Width, int Height, byte[] Pixels) Decode(byte[] bytes, string source)
    {
        if (!IsPng(bytes))
        {
            throw new InvalidDataException($"{source}: not a PNG image; expected the 8-byte PNG signature.");
        }

        int width = 0, height = 0, channels = 0;
        var compressed = new MemoryStream();
        bool ended = false;
        for (int position = Signature.Length; !ended;)
        {
            if (bytes.Length - position < 12)
            {
                throw new InvalidDataException($"{source}: the PNG ends at byte {position} inside a chunk; expected chunks up to IEND.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position));
            string type = System.Text.Encoding.ASCII.GetString(bytes, position + 4, 4);
            if (length > (uint)(bytes.Length - position - 12))
            {
                throw new InvalidDataException($"{source}: PNG chunk {type} at byte {position} claims {length} bytes; only {bytes.Length - position - 12} remain.");
            }

            ReadOnlySpan<byte> data = bytes.AsSpan(position + 8, (int)length);
            switch (type)
            {
                case "IHDR":
                    (width, height, channels) = Header(data, source);
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }

            position += 12 + (int)length;
        }

        if (channels == 0)
        {
            throw new InvalidDataException($"{source}: the PNG has no IHDR chunk; expected one before the image data.");
        }

        int stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        compressed.Position = 0;
        using (var inflate = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            try
            {
                if (inflate.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false) < raw.Length)
                {
                    throw new InvalidDataException($"{source}: the PNG's image data is short; expected {raw.Length} bytes for {width}×{height} with {channels} channel(s).");
                }
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{source}: the PNG's image data is not valid zlib data ({e.Message}).", e);
            }
        }

        Unfilter(raw, height, stride, channels, source);
        return (width, height, ToGray(raw, width, height, channels));
    }

    private static (int Width, int Height, int Channels) Header(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException($"{source}: PNG IHDR of {data.Length} bytes; expected 13.");
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(data);
        int height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        byte depth = data[8], colour = data[9], interlace = data[12];
        int channels = colour switch { 0 => 1, 4 => 2, 2 => 3, 6 => 4, _ => 0 };
        if (depth != 8 || channels == 0 || interlace != 0 || data[10] != 0 || data[11] != 0)
        {
            throw new InvalidDataException(
                $"{source}: PNG with bit depth {depth}, colour type {colour}, interlace {interlace}; expected bit depth 8, colour type 0 (gray), 2 (RGB), 4 (gray+alpha) or 6 (RGBA), not interlaced.");
        }

        if (width < 1 || height < 1 || width > 4096 || height > 4096)
        {
            throw new InvalidDataException($"{source}: a {width}×{height} PNG; expected sizes 1 to 4096.");
        }

        return (width, height, channels);
    }

    // Reverses each row's filter in place (PNG spec, section 9): the row's first byte names it.
    private static void Unfilter(byte[] raw, int height, int stride, int bpp, string source)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1);
            int previous = row - (stride + 1);
            byte filter = raw[row];
            for (int x = 1; x <= stride; x++)
            {
                int a = x > bpp ? raw[row + x - bpp] : 0;
                int b = y > 0 ? raw[previous + x] : 0;
                int c = x > bpp && y > 0 ? raw[previous + x - bpp] : 0;
                raw[row + x] += filter switch
                {
                    0 => 0,
                    1 => (byte)a,
                    2 => (byte)b,
                    3 => (byte)((a + b) / 2),
                    4 => (byte)Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{source}: PNG row {y} has filter type {filter}; expected 0 to 4."),
                };
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToGray(byte[] raw, int width, int height, int channels)
    {
        var gray = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = (y * ((width * channels) + 1)) + 1 + (x * channels);
                gray[(y * width) + x] = channels < 3
                    ? raw[at]
                    : (byte)(((299 * raw[at]) + (587 * raw[at + 1]) + (114 * raw[at + 2]) + 500) / 1000);
            }
        }

        return gray;
    }
}
