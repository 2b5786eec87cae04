using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNet.Generated;

/// <summary>
/// Moves a group of images between the row-per-image layout of the public API and the lane layout of
/// the generated batch kernels, where element <c>i</c> of image <c>n</c> of a group of <c>L</c> lives at
/// <c>i · L + n</c>: a vector of the group's width holds the same element of every image, so every
/// multiply-add of a kernel serves them all. Sums over a group's images are taken image by image in
/// image order, whatever <c>L</c> is, so results do not depend on the vector width.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
    /// <summary>Writes element i of each of the <paramref name="lanes"/> images to <c>destination[i · lanes + n]</c>.</summary>
    public static void Gather<T>(ReadOnlySpan<T> images, int imageLength, Span<T> destination, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Transpose(images, lanes, imageLength, destination); // lanes × imageLength to imageLength × lanes

    /// <summary>Writes <c>source[i · lanes + n]</c> to element i of row n, for each of the <paramref name="lanes"/> rows.</summary>
    public static void Scatter<T>(ReadOnlySpan<T> source, Span<T> rows, int rowLength, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Transpose(source, rowLength, lanes, rows); // rowLength × lanes to lanes × rowLength

    /// <summary>
    /// Writes the transpose of the <paramref name="rows"/> × <paramref name="columns"/> row-major matrix
    /// <paramref name="source"/> to <paramref name="target"/>: <c>target[c · rows + r] = source[r · columns + c]</c>.
    /// Float matrices move in 8×8 blocks through registers where the processor has AVX; the rest, element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> target)
        where T : unmanaged
    {
        source = source[..(rows * columns)];
        target = target[..(rows * columns)];
        int blockRows = 0, blockColumns = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            TransposeBlocks(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(source)), rows, columns, ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(target)));
            (blockRows, blockColumns) = (rows - (rows % 8), columns - (columns % 8));
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = r < blockRows ? blockColumns : 0; c < columns; c++)
            {
                target[(c * rows) + r] = source[(r * columns) + c];
            }
        }
    }

    /// <summary>Writes the index of the largest logit of each image of the group (first on ties, NaN wins) to <paramref name="predictions"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ArgMax<T>(ReadOnlySpan<T> logits, int lanes, Span<int> predictions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = logits.Length / lanes;
        for (int n = 0; n < lanes; n++)
        {
            int best = 0;
            for (int i = 1; i < classes && !T.IsNaN(logits[(best * lanes) + n]); i++)
            {
                T z = logits[(i * lanes) + n];
                if (z > logits[(best * lanes) + n] || T.IsNaN(z))
                {
                    best = i;
                }
            }

            predictions[n] = best;
        }
    }

    /// <summary>
    /// Softmax cross-entropy of each image of the group against its label: returns <paramref name="total"/>
    /// plus the losses, added image by image, and writes <c>scale · (softmax − onehot)</c> to
    /// <paramref name="gradient"/> unless it is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, int lanes, ReadOnlySpan<int> labels, T scale, Span<T> gradient, T total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = logits.Length / lanes;
        for (int n = 0; n < lanes; n++)
        {
            T max = logits[n];
            for (int i = 1; i < classes; i++)
            {
                max = T.MaxNumber(max, logits[(i * lanes) + n]);
            }

            T sum = T.Zero;
            for (int i = 0; i < classes; i++)
            {
                sum += T.Exp(logits[(i * lanes) + n] - max);
            }

            total += max + T.Log(sum) - logits[(labels[n] * lanes) + n];
            if (gradient.IsEmpty)
            {
                continue;
            }

            T normalizer = scale / sum;
            for (int i = 0; i < classes; i++)
            {
                gradient[(i * lanes) + n] = Losses.SoftmaxCrossEntropy.FlushTiny(T.Exp(logits[(i * lanes) + n] - max) * normalizer);
            }

            gradient[(labels[n] * lanes) + n] -= scale;
        }

        return total;
    }

    /// <summary>
    /// Adds each image's value to <paramref name="sums"/>, one image after another in image order:
    /// <c>sums[j] = ((sums[j] + v[j·L]) + v[j·L + 1]) + …</c>. The generated backward passes sum their
    /// per-lane parameter gradients this way, so a gradient gets the same bits at every vector width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInOrder<T>(ReadOnlySpan<T> laneValues, int lanes, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        laneValues = laneValues[..(sums.Length * lanes)];
        int done = 0;
        if (typeof(T) == typeof(float) && lanes % 8 == 0 && Avx.IsSupported)
        {
            done = AddInOrderTransposed(
                ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(laneValues)), lanes, MemoryMarshal.Cast<T, float>(sums));
        }

        ref T value = ref MemoryMarshal.GetReference(laneValues);
        for (int j = done; j < sums.Length; j++)
        {
            T sum = sums[j];
            for (int n = 0; n < lanes; n++)
            {
                sum += Unsafe.Add(ref value, (j * lanes) + n);
            }

            sums[j] = sum;
        }
    }

    /// <summary>
    /// <see cref="AddInOrder{T}"/> for eight sums at a time: each 8×8 block of [sum][lane] is transposed in
    /// registers, so each of its eight vectors holds one lane of the eight sums, and they are added one after
    /// another, lane order kept: the same additions as the scalar loop, a vector wide. Returns the sums done.
    /// </summary>
    private static int AddInOrderTransposed(ref float values, int lanes, Span<float> sums)
    {
        ref float sum = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        for (; j + 8 <= sums.Length; j += 8)
        {
            Vector256<float> total = Vector256.LoadUnsafe(ref sum, (nuint)j);
            for (int n = 0; n < lanes; n += 8)
            {
                Transpose8x8(ref Unsafe.Add(ref values, (j * lanes) + n), (nuint)lanes, out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3, out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7);

                // Lane n, n + 1, … of the eight sums, in that order.
                total = total + c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7;
            }

            total.StoreUnsafe(ref sum, (nuint)j);
        }

        return j;
    }

    /// <summary>
    /// Writes the transpose of the <paramref name="rows"/> × <paramref name="columns"/> row-major matrix
    /// at <paramref name="source"/> to <paramref name="target"/>, whole 8×8 blocks only: rows and
    /// columns past the last whole block are the caller's. Unchecked: the caller checks both lengths.
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
        Transpose8x8(ref source, sourceStride, out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3, out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7);
        c0.StoreUnsafe(ref target);
        c1.StoreUnsafe(ref target, targetStride);
        c2.StoreUnsafe(ref target, 2 * targetStride);
        c3.StoreUnsafe(ref target, 3 * targetStride);
        c4.StoreUnsafe(ref target, 4 * targetStride);
        c5.StoreUnsafe(ref target, 5 * targetStride);
        c6.StoreUnsafe(ref target, 6 * targetStride);
        c7.StoreUnsafe(ref target, 7 * targetStride);
    }

    /// <summary>The columns of the 8×8 block whose rows start <paramref name="stride"/> floats apart, in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        ref float source, nuint stride,
        out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3,
        out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, stride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, 2 * stride), r3 = Vector256.LoadUnsafe(ref source, 3 * stride);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, 4 * stride), r5 = Vector256.LoadUnsafe(ref source, 5 * stride);
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, 6 * stride), r7 = Vector256.LoadUnsafe(ref source, 7 * stride);

        // Pairs of rows interleaved, then quadruples, then the 128-bit halves swapped into place.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        c0 = Avx.Permute2x128(u0, u4, 0x20);
        c1 = Avx.Permute2x128(u1, u5, 0x20);
        c2 = Avx.Permute2x128(u2, u6, 0x20);
        c3 = Avx.Permute2x128(u3, u7, 0x20);
        c4 = Avx.Permute2x128(u0, u4, 0x31);
        c5 = Avx.Permute2x128(u1, u5, 0x31);
        c6 = Avx.Permute2x128(u2, u6, 0x31);
        c7 = Avx.Permute2x128(u3, u7, 0x31);
    }
}
