using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNet.Generated.Training;

/// <summary>
/// Copies with non-temporal stores, which write whole cache lines without first taking them back from
/// the caches of other cores that read them: the line is dropped there, not fetched here.
/// </summary>
internal static class NonTemporal
{
    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/>, the aligned vectors with
    /// non-temporal stores, the rest as usual. Call <see cref="Fence"/> before another thread reads the target.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Copy<T>(ReadOnlySpan<T> source, Span<T> target)
        where T : unmanaged
    {
        source = source[..target.Length];
        fixed (T* from = source, to = target)
        {
            int done = Vector512.IsHardwareAccelerated ? Copy512(from, to, target.Length)
                : Vector256.IsHardwareAccelerated ? Copy256(from, to, target.Length)
                : 0;
            source[done..].CopyTo(target[done..]);
        }
    }

    /// <summary>Orders the non-temporal stores before any later store, such as the one that tells another thread they are done.</summary>
    public static void Fence()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
        else
        {
            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>Elements up to the first 64-byte boundary go the usual way; returns how many elements were copied from the start.</summary>
    private static unsafe int Copy512<T>(T* from, T* to, int length)
        where T : unmanaged
    {
        int head = Head(to, length, 64);
        new ReadOnlySpan<T>(from, head).CopyTo(new Span<T>(to, head));
        int i = head;
        for (; i + Vector512<T>.Count <= length; i += Vector512<T>.Count)
        {
            Vector512.StoreAlignedNonTemporal(Vector512.Load(from + i), to + i);
        }

        return i;
    }

    /// <inheritdoc cref="Copy512{T}(T*, T*, int)"/>
    private static unsafe int Copy256<T>(T* from, T* to, int length)
        where T : unmanaged
    {
        int head = Head(to, length, 32);
        new ReadOnlySpan<T>(from, head).CopyTo(new Span<T>(to, head));
        int i = head;
        for (; i + Vector256<T>.Count <= length; i += Vector256<T>.Count)
        {
            Vector256.StoreAlignedNonTemporal(Vector256.Load(from + i), to + i);
        }

        return i;
    }

    /// <summary>Elements before <paramref name="to"/> reaches a multiple of <paramref name="bytes"/> (all of them if it never does).</summary>
    private static unsafe int Head<T>(T* to, int length, int bytes)
        where T : unmanaged
    {
        int misaligned = (int)((nuint)to % (nuint)bytes);
        if (misaligned == 0)
        {
            return 0;
        }

        int gap = bytes - misaligned;
        return gap % sizeof(T) == 0 ? Math.Min(length, gap / sizeof(T)) : length;
    }
}
