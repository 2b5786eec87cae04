#if !NET9_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace LeNet.Generated;

/// <summary>
/// The fused multiply-add of <see cref="Vector"/> that .NET 9 added and the optimizers use, for the library's .NET 8 build.
/// Multiply-adds use the fused instruction of the vector width the process runs with (Avx512F, Fma,
/// AdvSimd), each behind its <c>IsSupported</c>, which the JIT folds away.
/// </summary>
internal static class VectorPolyfill
{
    /// <summary>a · b + c per lane: one fused instruction where the processor has one, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MultiplyAddEstimate(Vector<float> a, Vector<float> b, Vector<float> c)
    {
        if (Vector<float>.Count == Vector512<float>.Count && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsVector512(), b.AsVector512(), c.AsVector512()).AsVector();
        }

        if (Vector<float>.Count == Vector256<float>.Count && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        }

        if (Vector<float>.Count == Vector128<float>.Count && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsVector128(), b.AsVector128(), c.AsVector128()).AsVector();
        }

        if (Vector<float>.Count == Vector128<float>.Count && AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        }

        return (a * b) + c;
    }

    /// <inheritdoc cref="MultiplyAddEstimate(Vector{float}, Vector{float}, Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplyAddEstimate(Vector<double> a, Vector<double> b, Vector<double> c)
    {
        if (Vector<double>.Count == Vector512<double>.Count && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsVector512(), b.AsVector512(), c.AsVector512()).AsVector();
        }

        if (Vector<double>.Count == Vector256<double>.Count && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        }

        if (Vector<double>.Count == Vector128<double>.Count && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsVector128(), b.AsVector128(), c.AsVector128()).AsVector();
        }

        if (Vector<double>.Count == Vector128<double>.Count && AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        }

        return (a * b) + c;
    }

    /// <summary>a · b + c per lane with one rounding: the fused instruction, else each lane in software (exact, slow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> FusedMultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
        HasFusedMultiplyAdd ? MultiplyAddEstimate(a, b, c) : PerLane(a, b, c);

    /// <inheritdoc cref="FusedMultiplyAdd(Vector{float}, Vector{float}, Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> FusedMultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) =>
        HasFusedMultiplyAdd ? MultiplyAddEstimate(a, b, c) : PerLane(a, b, c);

    /// <summary>Whether <see cref="MultiplyAddEstimate(Vector{float}, Vector{float}, Vector{float})"/> is one fused instruction at this process's vector width, for floats and doubles.</summary>
    private static bool HasFusedMultiplyAdd =>
        (Vector<byte>.Count == Vector512<byte>.Count && Avx512F.IsSupported)
        || (Vector<byte>.Count <= Vector256<byte>.Count && Fma.IsSupported)
        || (Vector<byte>.Count == Vector128<byte>.Count && AdvSimd.Arm64.IsSupported);

    private static Vector<T> PerLane<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Unsafe.SkipInit(out Vector<T> result);
        ref T lanes = ref Unsafe.As<Vector<T>, T>(ref result);
        for (int i = 0; i < Vector<T>.Count; i++)
        {
            Unsafe.Add(ref lanes, i) = T.FusedMultiplyAdd(a[i], b[i], c[i]);
        }

        return result;
    }
}
#endif
