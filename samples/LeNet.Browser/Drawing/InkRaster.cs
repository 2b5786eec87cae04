namespace LeNet.Browser.Drawing;

/// <summary>
/// The ink of a drawing as coverage in [0, 1] per canvas pixel: every stroke segment is swept by a
/// round brush, and a pixel's coverage falls linearly from 1 to 0 over the one pixel across the
/// brush's edge (measured from the pixel's centre), which anti-aliases the outline. Where segments
/// overlap the larger coverage wins, so the result does not depend on the order segments are added:
/// a drawing rendered point by point as the user draws equals the same strokes rendered at once.
/// Only double additions, multiplications, divisions and square roots are used, each rounded as
/// IEEE 754 requires, so WebAssembly and x64 give the same bits.
/// </summary>
public sealed class InkRaster
{
    private readonly float[] _coverage;

    /// <summary>Creates an empty raster of <paramref name="width"/> × <paramref name="height"/> pixels drawn with a brush of <paramref name="brushRadius"/> pixels.</summary>
    public InkRaster(int width, int height, double brushRadius)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(brushRadius > 0 && double.IsFinite(brushRadius)))
        {
            throw new ArgumentOutOfRangeException(nameof(brushRadius), brushRadius, "Expected a positive, finite brush radius.");
        }

        Width = width;
        Height = height;
        BrushRadius = brushRadius;
        _coverage = new float[width * height];
        Clear();
    }

    /// <summary>Columns of the raster.</summary>
    public int Width { get; }

    /// <summary>Rows of the raster.</summary>
    public int Height { get; }

    /// <summary>Radius of the round brush in pixels.</summary>
    public double BrushRadius { get; }

    /// <summary>Coverage of each pixel, row-major, 0 (paper) to 1 (ink).</summary>
    public ReadOnlySpan<float> Coverage => _coverage;

    /// <summary>Whether no pixel has any ink.</summary>
    public bool IsEmpty => Right <= Left;

    /// <summary>First column with ink.</summary>
    public int Left { get; private set; }

    /// <summary>First row with ink.</summary>
    public int Top { get; private set; }

    /// <summary>One past the last column with ink.</summary>
    public int Right { get; private set; }

    /// <summary>One past the last row with ink.</summary>
    public int Bottom { get; private set; }

    /// <summary>Removes all ink.</summary>
    public void Clear()
    {
        Array.Clear(_coverage);
        (Left, Top, Right, Bottom) = (Width, Height, 0, 0);
    }

    /// <summary>Inks the segment from <paramref name="a"/> to <paramref name="b"/> (a dot when they are equal).</summary>
    public void Segment(InkPoint a, InkPoint b)
    {
        double reach = BrushRadius + 0.5;
        int x0 = Math.Max(0, (int)Math.Floor(Math.Min(a.X, b.X) - reach));
        int x1 = Math.Min(Width, (int)Math.Ceiling(Math.Max(a.X, b.X) + reach) + 1);
        int y0 = Math.Max(0, (int)Math.Floor(Math.Min(a.Y, b.Y) - reach));
        int y1 = Math.Min(Height, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + reach) + 1);
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double lengthSquared = (dx * dx) + (dy * dy);
        for (int y = y0; y < y1; y++)
        {
            double py = y + 0.5 - a.Y;
            for (int x = x0; x < x1; x++)
            {
                double px = x + 0.5 - a.X;
                // The nearest point of the segment to the pixel's centre is a + t·(b − a), t clamped to [0, 1].
                double t = lengthSquared > 0 ? Math.Clamp(((px * dx) + (py * dy)) / lengthSquared, 0, 1) : 0;
                double ex = px - (t * dx), ey = py - (t * dy);
                double coverage = reach - Math.Sqrt((ex * ex) + (ey * ey));
                if (coverage <= 0)
                {
                    continue;
                }

                float value = coverage >= 1 ? 1f : (float)coverage;
                ref float pixel = ref _coverage[(y * Width) + x];
                if (value > pixel)
                {
                    pixel = value;
                    Left = Math.Min(Left, x);
                    Right = Math.Max(Right, x + 1);
                    Top = Math.Min(Top, y);
                    Bottom = Math.Max(Bottom, y + 1);
                }
            }
        }
    }
}
