using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
#if NET9_0_OR_GREATER
using Vector9 = System.Numerics.Vector;
#else
using Vector9 = LeNet.Generated.VectorPolyfill;
#endif

namespace LeNet.Generated;

/// <summary>
/// Element-wise math over <see cref="Vector{T}"/> lanes, called by the generated batch kernels, where
/// each lane is one image of a group. The functions match their scalar counterparts to a few ulps.
/// </summary>
/// <remarks><c>Vector9</c> is <see cref="Vector"/> from .NET 9 on, and its polyfill on .NET 8.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorMath
{
    /// <summary>
    /// tanh(x) as an odd [13/6] rational function of x on [−7.905, 7.905] (past that, float tanh is ±1):
    /// eleven multiply-adds and one division, no exp, within 3e-7 (5 ulps of 1) of tanh everywhere where
    /// the multiply-adds are fused, 4e-7 where the processor has no FMA (tested). NaN stays NaN.
    /// </summary>
    /// <remarks>Coefficients as Eigen's <c>generic_fast_tanh_float</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        Vector<float> limit = new(7.90531110763549805f);
        x = Vector.Min(Vector.Max(x, -limit), limit);
        Vector<float> x2 = x * x;
        Vector<float> p = Vector9.MultiplyAddEstimate(x2, new Vector<float>(-2.76076847742355e-16f), new Vector<float>(2.00018790482477e-13f));
        p = Vector9.MultiplyAddEstimate(p, x2, new Vector<float>(-8.60467152213735e-11f));
        p = Vector9.MultiplyAddEstimate(p, x2, new Vector<float>(5.12229709037114e-08f));
        p = Vector9.MultiplyAddEstimate(p, x2, new Vector<float>(1.48572235717979e-05f));
        p = Vector9.MultiplyAddEstimate(p, x2, new Vector<float>(6.37261928875436e-04f));
        p = Vector9.MultiplyAddEstimate(p, x2, new Vector<float>(4.89352455891786e-03f));
        Vector<float> q = Vector9.MultiplyAddEstimate(x2, new Vector<float>(1.19825839466702e-06f), new Vector<float>(1.18534705686654e-04f));
        q = Vector9.MultiplyAddEstimate(q, x2, new Vector<float>(2.26843463243900e-03f));
        q = Vector9.MultiplyAddEstimate(q, x2, new Vector<float>(4.89352518554385e-03f));
        return x * p / q;
    }

    /// <inheritdoc cref="Tanh(Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Tanh(Vector<double> x) => Vector<double>.One - (new Vector<double>(2d) / (Vector9.Exp(x + x) + Vector<double>.One));

    /// <summary>σ(x) = 1 / (1 + e^{−x}).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Vector9.Exp(-x));

    /// <inheritdoc cref="Sigmoid(Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Sigmoid(Vector<double> x) => Vector<double>.One / (Vector<double>.One + Vector9.Exp(-x));

    /// <summary>Applies tanh to every element in place, a vector at a time; the per-image kernels call it on a layer's whole output.</summary>
    public static void TanhInPlace(Span<float> values) => InPlace<float, TanhOf>(values);

    /// <inheritdoc cref="TanhInPlace(Span{float})"/>
    public static void TanhInPlace(Span<double> values) => InPlace<double, TanhOf>(values);

    /// <summary>Applies σ to every element in place, a vector at a time.</summary>
    public static void SigmoidInPlace(Span<float> values) => InPlace<float, SigmoidOf>(values);

    /// <inheritdoc cref="SigmoidInPlace(Span{float})"/>
    public static void SigmoidInPlace(Span<double> values) => InPlace<double, SigmoidOf>(values);

    /// <summary>Applies 1.7159 · tanh(2x/3) to every element in place, a vector at a time.</summary>
    public static void ScaledTanhInPlace(Span<float> values) => InPlace<float, ScaledTanhOf>(values);

    /// <inheritdoc cref="ScaledTanhInPlace(Span{float})"/>
    public static void ScaledTanhInPlace(Span<double> values) => InPlace<double, ScaledTanhOf>(values);

    /// <summary>max(x, 0) per lane; NaN stays NaN, as <c>nn.ReLU</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ReLU<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), Vector<T>.Zero, x);

    /// <summary>∂relu: <paramref name="dy"/> where the output is positive, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ReLUGradient<T>(Vector<T> y, Vector<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<T>.Zero), dy, Vector<T>.Zero);

    /// <summary>Per lane, <paramref name="v"/> if it is greater than <paramref name="m"/> or NaN, else <paramref name="m"/>: max pooling's first-maximum rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Max<T>(Vector<T> m, Vector<T> v)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(v, m) | ~Vector.Equals(v, v), v, m);

    /// <summary>
    /// Max-pool backward for one tap of a window, taps visited in order: returns <paramref name="g"/> in the
    /// lanes where <paramref name="x"/> is the window maximum <paramref name="max"/> and no earlier tap was,
    /// 0 elsewhere, and closes those lanes in <paramref name="open"/> (start with all bits set).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> RouteToFirstMax<T>(Vector<T> x, Vector<T> max, Vector<T> g, ref Vector<T> open)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> hit = Vector.Equals(x, max) & open;
        open = Vector.AndNot(open, hit);
        return Vector.ConditionalSelect(hit, g, Vector<T>.Zero);
    }

    /// <summary>a · b + c per lane with one rounding, as <see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/> per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> FusedMultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.BitCast<Vector<float>, Vector<T>>(Vector9.FusedMultiplyAdd(
                Unsafe.BitCast<Vector<T>, Vector<float>>(a), Unsafe.BitCast<Vector<T>, Vector<float>>(b), Unsafe.BitCast<Vector<T>, Vector<float>>(c)));
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<Vector<double>, Vector<T>>(Vector9.FusedMultiplyAdd(
                Unsafe.BitCast<Vector<T>, Vector<double>>(a), Unsafe.BitCast<Vector<T>, Vector<double>>(b), Unsafe.BitCast<Vector<T>, Vector<double>>(c)));
        }

        throw new NotSupportedException($"Vector FMA of {typeof(T).Name}.");
    }

    /// <summary>
    /// An element-wise function in vector and scalar form. The in-place passes take it as a struct type
    /// argument, so the JIT compiles one loop per function with the function inlined (no call per vector).
    /// </summary>
    private interface IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Of(Vector<T> x);

        static abstract T Of(T x);
    }

    private readonly struct TanhOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector<float> Of(Vector<float> x) => Tanh(x);

        public static float Of(float x) => MathF.Tanh(x);

        public static Vector<double> Of(Vector<double> x) => Tanh(x);

        public static double Of(double x) => Math.Tanh(x);
    }

    private readonly struct SigmoidOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector<float> Of(Vector<float> x) => Sigmoid(x);

        public static float Of(float x) => 1f / (1f + MathF.Exp(-x));

        public static Vector<double> Of(Vector<double> x) => Sigmoid(x);

        public static double Of(double x) => 1d / (1d + Math.Exp(-x));
    }

    private readonly struct ScaledTanhOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector<float> Of(Vector<float> x) => 1.7159f * Tanh(0.6666667f * x);

        public static float Of(float x) => 1.7159f * MathF.Tanh(0.6666667f * x);

        public static Vector<double> Of(Vector<double> x) => 1.7159d * Tanh((2d / 3d) * x);

        public static double Of(double x) => 1.7159d * Math.Tanh((2d / 3d) * x);
    }

    private static void InPlace<T, TFunction>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : struct, IElementwise<T>
    {
        Span<Vector<T>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = TFunction.Of(vectors[i]);
        }

        for (int i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            values[i] = TFunction.Of(values[i]);
        }
    }
}
