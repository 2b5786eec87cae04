using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace LeNet.Generated;

/// <summary>
/// Moves a group of images between the row-per-image layout of the public API and the lane layout
/// of the generated batch kernels, <c>[element][image]</c>: one <see cref="Vector{T}"/> holds the same
/// element of <see cref="Vector{T}.Count"/> images, so every multiply-add of a kernel serves them all.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
    /// <summary>Writes each image's element i to lane n of <c>destination[i]</c>; lanes past the images are zero.</summary>
    public static void Gather<T>(ReadOnlySpan<T> images, int imageLength, Span<Vector<T>> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = MemoryMarshal.Cast<Vector<T>, T>(destination);
        int width = Vector<T>.Count;
        int count = images.Length / imageLength;
        if (count < width)
        {
            lanes.Clear();
        }

        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<T> image = images.Slice(n * imageLength, imageLength);
            for (int i = 0; i < image.Length; i++)
            {
                lanes[(i * width) + n] = image[i];
            }
        }
    }

    /// <summary>Writes lane n of each <c>source[i]</c> to element i of row n, for as many rows as <paramref name="rows"/> holds.</summary>
    public static void Scatter<T>(ReadOnlySpan<Vector<T>> source, Span<T> rows, int rowLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> lanes = MemoryMarshal.Cast<Vector<T>, T>(source);
        int width = Vector<T>.Count;
        for (int n = 0; n < rows.Length / rowLength; n++)
        {
            Span<T> row = rows.Slice(n * rowLength, rowLength);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = lanes[(i * width) + n];
            }
        }
    }

    /// <summary>Writes the index of the largest logit of each image (lane) to <paramref name="predictions"/>.</summary>
    public static void ArgMax<T>(ReadOnlySpan<Vector<T>> logits, Span<int> predictions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> lanes = MemoryMarshal.Cast<Vector<T>, T>(logits);
        int width = Vector<T>.Count;
        for (int n = 0; n < predictions.Length; n++)
        {
            int best = 0;
            for (int i = 1; i < logits.Length && !T.IsNaN(lanes[(best * width) + n]); i++)
            {
                T z = lanes[(i * width) + n];
                if (z > lanes[(best * width) + n] || T.IsNaN(z))
                {
                    best = i;
                }
            }

            predictions[n] = best;
        }
    }

    /// <summary>
    /// Softmax cross-entropy per image (lane) against <paramref name="labels"/>; writes
    /// <c>scale · (softmax − onehot)</c> to <paramref name="gradient"/> (0 in lanes past the labels) and
    /// returns the sum of the losses. <paramref name="gradient"/> may be null-length to skip gradients.
    /// </summary>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<Vector<T>> logits, ReadOnlySpan<int> labels, T scale, Span<Vector<T>> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> z = MemoryMarshal.Cast<Vector<T>, T>(logits);
        Span<T> dz = MemoryMarshal.Cast<Vector<T>, T>(gradient);
        int width = Vector<T>.Count;
        int classes = logits.Length;
        dz.Clear();
        T total = T.Zero;
        for (int n = 0; n < labels.Length; n++)
        {
            T max = z[n];
            for (int i = 1; i < classes; i++)
            {
                max = T.MaxNumber(max, z[(i * width) + n]);
            }

            T sum = T.Zero;
            for (int i = 0; i < classes; i++)
            {
                sum += T.Exp(z[(i * width) + n] - max);
            }

            total += max + T.Log(sum) - z[(labels[n] * width) + n];
            if (dz.IsEmpty)
            {
                continue;
            }

            T normalizer = scale / sum;
            for (int i = 0; i < classes; i++)
            {
                dz[(i * width) + n] = Losses.SoftmaxCrossEntropy.FlushTiny(T.Exp(z[(i * width) + n] - max) * normalizer);
            }

            dz[(labels[n] * width) + n] -= scale;
        }

        return total;
    }

    /// <summary>Adds the sum of each vector's lanes to <paramref name="gradients"/> and clears the vectors.</summary>
    public static void Reduce<T>(Span<Vector<T>> laneGradients, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] += Vector.Sum(laneGradients[i]);
        }

        laneGradients.Clear();
    }
}
