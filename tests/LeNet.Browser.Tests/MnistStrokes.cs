using LeNet.Browser.Drawing;

namespace LeNet.Browser.Tests;

/// <summary>
/// Pen strokes that redraw an MNIST digit: the digit's ink (pixels of 128 and more) is thinned to a
/// one-pixel skeleton (Zhang and Suen, 1984), the skeleton is walked into polylines, and each
/// skeleton pixel becomes a point at its centre, <see cref="Scale"/> canvas pixels per MNIST pixel.
/// </summary>
internal static class MnistStrokes
{
    /// <summary>Canvas pixels per MNIST pixel: the 28×28 digit fills the 280×280 canvas.</summary>
    public const int Scale = InkDrawing.CanvasSize / 28;

    private const int Side = 28;

    // The eight neighbours clockwise from north, as Zhang and Suen number them (P2 … P9).
    private static readonly (int X, int Y)[] Around = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)];

    /// <summary>The strokes of a 28×28 digit (row-major bytes), in canvas pixels; each point at integer coordinates.</summary>
    public static List<List<InkPoint>> FromDigit(ReadOnlySpan<byte> pixels)
    {
        bool[] skeleton = Thin(pixels);
        var visited = new bool[Side * Side];
        var strokes = new List<List<InkPoint>>();
        while (NextStart(skeleton, visited) is int start)
        {
            var path = new List<int> { start };
            visited[start] = true;
            // Walk on through unvisited neighbours, edge-adjacent ones first so no pixel is skipped.
            while (NextUnvisited(skeleton, visited, path[^1]) is int next)
            {
                visited[next] = true;
                path.Add(next);
            }

            // Join the ends to the skeleton already drawn: closes loops and reaches junctions.
            if (VisitedNeighbour(skeleton, visited, path[^1], path) is int end)
            {
                path.Add(end);
            }

            if (VisitedNeighbour(skeleton, visited, path[0], path) is int begin)
            {
                path.Insert(0, begin);
            }

            strokes.Add(path.ConvertAll(p => new InkPoint(((p % Side) * Scale) + (Scale / 2), ((p / Side) * Scale) + (Scale / 2))));
        }

        return strokes;
    }

    /// <summary>Zhang–Suen thinning of the pixels at 128 and above.</summary>
    private static bool[] Thin(ReadOnlySpan<byte> pixels)
    {
        var ink = new bool[Side * Side];
        for (int i = 0; i < ink.Length; i++)
        {
            ink[i] = pixels[i] >= 128;
        }

        var remove = new List<int>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int pass = 0; pass < 2; pass++)
            {
                remove.Clear();
                for (int y = 0; y < Side; y++)
                {
                    for (int x = 0; x < Side; x++)
                    {
                        if (ink[(y * Side) + x] && Removable(ink, x, y, pass))
                        {
                            remove.Add((y * Side) + x);
                        }
                    }
                }

                foreach (int p in remove)
                {
                    ink[p] = false;
                }

                changed |= remove.Count > 0;
            }
        }

        return ink;
    }

    private static bool Removable(bool[] ink, int x, int y, int pass)
    {
        Span<bool> p = stackalloc bool[8];
        int count = 0;
        for (int i = 0; i < 8; i++)
        {
            p[i] = At(ink, x + Around[i].X, y + Around[i].Y);
            count += p[i] ? 1 : 0;
        }

        int transitions = 0;
        for (int i = 0; i < 8; i++)
        {
            transitions += !p[i] && p[(i + 1) % 8] ? 1 : 0;
        }

        // P2, P4, P6, P8 are p[0], p[2], p[4], p[6].
        bool first = pass == 0 ? !(p[0] && p[2] && p[4]) : !(p[0] && p[2] && p[6]);
        bool second = pass == 0 ? !(p[2] && p[4] && p[6]) : !(p[0] && p[4] && p[6]);
        return count is >= 2 and <= 6 && transitions == 1 && first && second;
    }

    /// <summary>An unvisited skeleton pixel with the fewest unvisited neighbours (an end of a line where there is one), top-left first.</summary>
    private static int? NextStart(bool[] skeleton, bool[] visited)
    {
        int? best = null;
        int fewest = int.MaxValue;
        for (int p = 0; p < skeleton.Length; p++)
        {
            if (skeleton[p] && !visited[p])
            {
                int count = Neighbours(p).Count(q => skeleton[q] && !visited[q]);
                if (count < fewest)
                {
                    (best, fewest) = (p, count);
                }
            }
        }

        return best;
    }

    private static int? NextUnvisited(bool[] skeleton, bool[] visited, int from)
    {
        int? diagonal = null;
        foreach (int q in Neighbours(from))
        {
            if (skeleton[q] && !visited[q])
            {
                if (q % Side == from % Side || q / Side == from / Side)
                {
                    return q;
                }

                diagonal ??= q;
            }
        }

        return diagonal;
    }

    private static int? VisitedNeighbour(bool[] skeleton, bool[] visited, int from, List<int> path)
    {
        foreach (int q in Neighbours(from))
        {
            if (skeleton[q] && visited[q] && !path.Contains(q))
            {
                return q;
            }
        }

        // A loop drawn in one walk: its last pixel touches its first.
        if (path.Count > 3 && from == path[^1] && Neighbours(from).Contains(path[0]))
        {
            return path[0];
        }

        return null;
    }

    private static IEnumerable<int> Neighbours(int p)
    {
        int x = p % Side, y = p / Side;
        foreach ((int dx, int dy) in Around)
        {
            if (x + dx is >= 0 and < Side && y + dy is >= 0 and < Side)
            {
                yield return ((y + dy) * Side) + x + dx;
            }
        }
    }

    private static bool At(bool[] ink, int x, int y) => x is >= 0 and < Side && y is >= 0 and < Side && ink[(y * Side) + x];
}
