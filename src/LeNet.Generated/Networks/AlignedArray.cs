using System.Runtime.CompilerServices;

namespace LeNet.Generated;

/// <summary>
/// A zeroed array of <typeparamref name="T"/> whose span starts on a 64-byte boundary, so that no vector
/// load of the lane kernels straddles two cache lines. It is pinned (allocated on the pinned object
/// heap) so the boundary stays where it is.
/// </summary>
internal readonly struct AlignedArray<T>
    where T : unmanaged
{
    private const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _offset;

    public AlignedArray(int length)
    {
        Length = length;
        int spare = Alignment / Unsafe.SizeOf<T>();
        _array = length == 0 ? [] : GC.AllocateArray<T>(length + spare, pinned: true);
        if (length > 0)
        {
            nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref _array[0]);
            _offset = (int)((Alignment - (address % Alignment)) % Alignment) / Unsafe.SizeOf<T>();
        }
    }

    public int Length { get; }

    /// <summary>Bytes this array takes from the heap for <paramref name="length"/> elements (payload and alignment slack).</summary>
    public static long Bytes(int length) => length == 0 ? 0 : (long)(length + (Alignment / Unsafe.SizeOf<T>())) * Unsafe.SizeOf<T>();

    public Span<T> Span => _array.AsSpan(_offset, Length);
}
