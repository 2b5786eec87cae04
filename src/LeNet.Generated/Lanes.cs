using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        int done = 0;
        if (count < width)
        {
            lanes.Clear();
        }
        else if (CanTranspose<T>() && images.Length >= width * imageLength && lanes.Length >= width * imageLength)
        {
            // The width × imageLength matrix of images becomes its transpose, imageLength × width lanes.
            TransposeBlocks(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(images)), width, imageLength, ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(lanes)));
            done = imageLength - (imageLength % 8);
        }

        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<T> image = images.Slice(n * imageLength, imageLength);
            for (int i = done; i < image.Length; i++)
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
        int count = rows.Length / rowLength;
        int done = 0;
        if (count == width && CanTranspose<T>() && lanes.Length >= width * rowLength)
        {
            // The rowLength × width matrix of lanes becomes its transpose, width rows of rowLength.
            TransposeBlocks(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(lanes)), rowLength, width, ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(rows)));
            done = rowLength - (rowLength % 8);
        }

        for (int n = 0; n < count; n++)
        {
            Span<T> row = rows.Slice(n * rowLength, rowLength);
            for (int i = done; i < row.Length; i++)
            {
                row[i] = lanes[(i * width) + n];
            }
        }
    }

    /// <summary>Float lanes in whole groups of eight, with AVX for the 8×8 transposes.</summary>
    private static bool CanTranspose<T>() => typeof(T) == typeof(float) && Vector<T>.Count % 8 == 0 && Avx.IsSupported;

    /// <summary>
    /// Writes the transpose of the <paramref name="rows"/> × <paramref name="columns"/> row-major matrix
    /// at <paramref name="source"/> to <paramref name="target"/>, whole 8×8 blocks only: rows and
    /// columns past the last whole block are the caller's. Unchecked: callers check both lengths.
    /// </summary>
    private static void TransposeBlocks(ref float source, int rows, int columns, ref float target)
    {
        for (int r = 0; r + 8 <= rows; r += 8)
        {
            for (int c = 0; c + 8 <= columns; c += 8)
            {
                Transpose8x8(ref Unsafe.Add(ref source, (r * columns) + c), (nuint)columns, ref Unsafe.Add(ref target, (c * rows) + r), (nuint)rows);
            }
        }
    }

    /// <summary>
    /// Transposes the 8×8 block whose rows start <paramref name="sourceStride"/> floats apart into
    /// rows <paramref name="targetStride"/> apart (eight loads, 24 shuffles, eight stores; about 4×
    /// the element loop). Unchecked: callers check that both blocks lie inside their spans.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, nuint sourceStride, ref float target, nuint targetStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref source, sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, 2 * sourceStride);
        Vector256<float> r3 = Vector256.LoadUnsafe(ref source, 3 * sourceStride);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, 4 * sourceStride);
        Vector256<float> r5 = Vector256.LoadUnsafe(ref source, 5 * sourceStride);
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, 6 * sourceStride);
        Vector256<float> r7 = Vector256.LoadUnsafe(ref source, 7 * sourceStride);

        // Pairs of rows interleaved, then quadruples, then the 128-bit halves swapped into place.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref target, targetStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref target, 2 * targetStride);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref target, 3 * targetStride);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref target, 4 * targetStride);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref target, 5 * targetStride);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref target, 6 * targetStride);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref target, 7 * targetStride);
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
