using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Training;

/// <summary>Moves an image by whole pixels, the data augmentation of <see cref="TrainingOptions.RandomShift"/>.</summary>
public static class ImageShift
{
    /// <summary>
    /// Writes <paramref name="source"/> (channels × height × width, row-major) moved <paramref name="down"/>
    /// rows and <paramref name="across"/> columns (negative: up, left) to <paramref name="target"/>; pixels
    /// moved out are dropped and the uncovered ones get <paramref name="background"/>. A row at a time: two
    /// block operations per row, so a batch's copy stays a small part of a step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy<T>(ReadOnlySpan<T> source, Span<T> target, int channels, int height, int width, int down, int across, T background)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = channels * height * width;
        Guard.Length(source.Length, length, nameof(source));
        Guard.Length(target.Length, length, nameof(target));
        if (Math.Abs(down) >= height || Math.Abs(across) >= width)
        {
            target.Fill(background);
            return;
        }

        int kept = width - Math.Abs(across);
        int from = Math.Max(0, -across), to = Math.Max(0, across);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                Span<T> row = target.Slice(((c * height) + y) * width, width);
                int sourceRow = y - down;
                if (sourceRow < 0 || sourceRow >= height)
                {
                    row.Fill(background);
                    continue;
                }

                source.Slice((((c * height) + sourceRow) * width) + from, kept).CopyTo(row.Slice(to, kept));
                row[..to].Fill(background);
                row[(to + kept)..].Fill(background);
            }
        }
    }
}
