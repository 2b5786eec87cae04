using System.Numerics;
using System.Runtime.CompilerServices;
#if NET9_0_OR_GREATER
using FusedVector = System.Numerics.Vector;
#else
using FusedVector = LeNet.Generated.VectorPolyfill;
#endif

namespace LeNet.Generated.Optimizers;

/// <summary>Fused multiply-add over <see cref="Vector{T}"/> for the optimizers: the update PyTorch computes, with one rounding.</summary>
internal static class Fused
{
    /// <summary>a · b + c per lane with one rounding, as <see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/> per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.BitCast<Vector<float>, Vector<T>>(FusedVector.FusedMultiplyAdd(
                Unsafe.BitCast<Vector<T>, Vector<float>>(a), Unsafe.BitCast<Vector<T>, Vector<float>>(b), Unsafe.BitCast<Vector<T>, Vector<float>>(c)));
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<Vector<double>, Vector<T>>(FusedVector.FusedMultiplyAdd(
                Unsafe.BitCast<Vector<T>, Vector<double>>(a), Unsafe.BitCast<Vector<T>, Vector<double>>(b), Unsafe.BitCast<Vector<T>, Vector<double>>(c)));
        }

        throw new NotSupportedException($"Vector FMA of {typeof(T).Name}.");
    }
}
