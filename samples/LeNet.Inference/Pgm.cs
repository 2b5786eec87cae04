using System.Globalization;

namespace LeNet.Inference;

/// <summary>
/// Netpbm grayscale images: binary <c>P5</c> (one byte per pixel, maxval below 256) and plain
/// <c>P2</c> (decimal values). Values are scaled to 0–255 when maxval is not 255.
/// </summary>
public static class Pgm
{
    /// <summary>Whether <paramref name="bytes"/> start like a PGM (<c>P5</c> or <c>P2</c> and whitespace).</summary>
    public static bool IsPgm(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '2') && IsSpace(bytes[2]);

    /// <summary>Decodes a PGM image into its width, height and 8-bit pixels, row-major.</summary>
    /// <exception cref="InvalidDataException">The header or the data is damaged or incomplete.</exception>
    public static (int Width, int Height, byte[] Pixels) Decode(byte[] bytes, string source)
    {
        if (!IsPgm(bytes))
        {
            throw new InvalidDataException($"{source}: not a PGM image; expected it to start with P5 or P2.");
        }

        bool binary = bytes[1] == '5';
        int position = 2;
        int width = ReadNumber(bytes, ref position, source, "width");
        int height = ReadNumber(bytes, ref position, source, "height");
        int maxValue = ReadNumber(bytes, ref position, source, "maxval");
        if (width < 1 || height < 1 || width > 4096 || height > 4096 || maxValue < 1 || maxValue > (binary ? 255 : 65535))
        {
            throw new InvalidDataException($"{source}: PGM header {width}×{height}, maxval {maxValue}; expected sizes 1 to 4096 and maxval 1 to {(binary ? 255 : 65535)}.");
        }

        var pixels = new byte[width * height];
        if (binary)
        {
            position++; // exactly one whitespace byte separates the header from the data
            if (bytes.Length - position < pixels.Length)
            {
                throw new InvalidDataException($"{source}: {Math.Max(0, bytes.Length - position)} bytes of pixel data; expected {pixels.Length} ({width}×{height}).");
            }

            bytes.AsSpan(position, pixels.Length).CopyTo(pixels);
        }
        else
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                int value = ReadNumber(bytes, ref position, source, $"pixel {i}");
                if (value > maxValue)
                {
                    throw new InvalidDataException($"{source}: pixel {i} is {value}; expected 0 to maxval {maxValue}.");
                }

                pixels[i] = (byte)value;
            }
        }

        if (maxValue != 255)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(((pixels[i] * 255) + (maxValue / 2)) / maxValue);
            }
        }

        return (width, height, pixels);
    }

    // Skips whitespace and '#' comments, then reads a decimal number.
    private static int ReadNumber(byte[] bytes, ref int position, string source, string what)
    {
        while (position < bytes.Length && (IsSpace(bytes[position]) || bytes[position] == '#'))
        {
            if (bytes[position] == '#')
            {
                while (position < bytes.Length && bytes[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        int start = position;
        while (position < bytes.Length && position - start < 6 && char.IsAsciiDigit((char)bytes[position]))
        {
            position++;
        }

        if (position == start || !int.TryParse(bytes.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw new InvalidDataException($"{source}: expected the PGM {what}, a decimal number, at byte {start}.");
        }

        return value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
}
