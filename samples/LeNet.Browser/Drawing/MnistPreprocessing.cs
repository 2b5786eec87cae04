using LeNet.Generated.Data;

namespace LeNet.Browser.Drawing;

/// <summary>
/// Turns a drawing into the network's input the way the MNIST digits were made: the bounding box of
/// the ink is scaled to fit a 20×20 box keeping its aspect ratio (each output pixel the mean
/// coverage of the canvas area it covers, which anti-aliases), the 20×20 image is placed in a
/// 28×28 field so that its centre of mass is at the field's centre (to the nearest pixel, never
/// pushing ink out of the field), and the pixels are normalised exactly as
/// <see cref="MnistDataset"/> normalises the training images. White ink on black, as in MNIST.
/// </summary>
public static class MnistPreprocessing
{
    /// <summary>Side of the network's input image.</summary>
    public const int Size = 28;

    /// <summary>Side of the box the ink is scaled to fit.</summary>
    public const int Box = 20;

    /// <summary>Pixels of the network's input image.</summary>
    public const int Length = Size * Size;

    // MnistDataset's table: the same float operations in the same order, so the inputs match it bit for bit.
    private static readonly float[] Normalised = CreateNormalised();

    /// <summary>Writes the 28×28 MNIST-style image of <paramref name="raster"/>'s ink (0 background, 255 full ink) to <paramref name="pixels"/>; all zero if there is no ink.</summary>
    public static void ToDigit(InkRaster raster, Span<byte> pixels)
    {
        ArgumentNullException.ThrowIfNull(raster);
        if (pixels.Length != Length)
        {
            throw new ArgumentException($"{pixels.Length} pixels; expected {Length} ({Size}×{Size}).", nameof(pixels));
        }

        pixels.Clear();
        if (raster.IsEmpty)
        {
            return;
        }

        Span<byte> box = stackalloc byte[Box * Box];
        FitToBox(raster, box);

        // Centre of mass of the box image, each pixel at its centre; integer sums are exact.
        long mass = 0, momentX = 0, momentY = 0;
        for (int y = 0; y < Box; y++)
        {
            for (int x = 0; x < Box; x++)
            {
                int value = box[(y * Box) + x];
                mass += value;
                momentX += ((2 * x) + 1) * (long)value;
                momentY += ((2 * y) + 1) * (long)value;
            }
        }

        int left = Offset(momentX, mass), top = Offset(momentY, mass);
        for (int y = 0; y < Box; y++)
        {
            box.Slice(y * Box, Box).CopyTo(pixels.Slice(((top + y) * Size) + left, Box));
        }
    }

    /// <summary>Writes the network's inputs for <paramref name="pixels"/>: <c>(x / 255 − 0.1307) / 0.3081</c>, as <see cref="MnistDataset"/>.</summary>
    public static void Normalise(ReadOnlySpan<byte> pixels, Span<float> inputs)
    {
        if (inputs.Length != pixels.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs for {pixels.Length} pixels; expected one input per pixel.", nameof(inputs));
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            inputs[i] = Normalised[pixels[i]];
        }
    }

    /// <summary>
    /// Scales the ink's bounding box to fit <see cref="Box"/>×<see cref="Box"/>: the square of the box's
    /// longer side, centred on the box, is divided into Box×Box cells and each cell gets the mean coverage
    /// of the canvas area inside it (canvas outside the raster counts as no ink).
    /// </summary>
    private static void FitToBox(InkRaster raster, Span<byte> box)
    {
        int width = raster.Right - raster.Left, height = raster.Bottom - raster.Top;
        int side = Math.Max(width, height);
        double step = (double)side / Box;
        // The square's corner; the shorter side is centred, so it may start half a pixel off the grid.
        double originX = raster.Left - ((side - width) / 2.0);
        double originY = raster.Top - ((side - height) / 2.0);

        // Rows of the raster summed over each cell's columns, then the cells' rows summed over those.
        var rowSums = new double[height * Box];
        ReadOnlySpan<float> coverage = raster.Coverage;
        for (int cell = 0; cell < Box; cell++)
        {
            double from = originX + (cell * step), to = originX + ((cell + 1) * step);
            int first = Math.Max(raster.Left, (int)Math.Floor(from)), last = Math.Min(raster.Right, (int)Math.Ceiling(to));
            for (int x = first; x < last; x++)
            {
                double weight = Math.Min(x + 1, to) - Math.Max(x, from);
                for (int y = 0; y < height; y++)
                {
                    rowSums[(y * Box) + cell] += weight * coverage[((raster.Top + y) * raster.Width) + x];
                }
            }
        }

        double area = step * step;
        for (int cell = 0; cell < Box; cell++)
        {
            double from = originY + (cell * step), to = originY + ((cell + 1) * step);
            int first = Math.Max(raster.Top, (int)Math.Floor(from)), last = Math.Min(raster.Bottom, (int)Math.Ceiling(to));
            for (int column = 0; column < Box; column++)
            {
                double sum = 0;
                for (int y = first; y < last; y++)
                {
                    double weight = Math.Min(y + 1, to) - Math.Max(y, from);
                    sum += weight * rowSums[((y - raster.Top) * Box) + column];
                }

                box[(cell * Box) + column] = (byte)Math.Round(Math.Clamp(sum / area, 0, 1) * 255);
            }
        }
    }

    /// <summary>Where the box starts so its centre of mass (moment / mass, in half pixels) lands on the field's centre, kept inside the field.</summary>
    private static int Offset(long moment, long mass)
    {
        if (mass == 0)
        {
            return (Size - Box) / 2;
        }

        double centre = moment / (2.0 * mass);
        return Math.Clamp((int)Math.Round((Size / 2.0) - centre, MidpointRounding.AwayFromZero), 0, Size - Box);
    }

    private static float[] CreateNormalised()
    {
        var table = new float[256];
        for (int pixel = 0; pixel < table.Length; pixel++)
        {
            table[pixel] = ((pixel / 255f) - MnistDataset.Mean) / MnistDataset.StandardDeviation;
        }

        return table;
    }
}
