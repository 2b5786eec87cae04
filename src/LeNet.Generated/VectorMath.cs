using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated;

/// <summary>
/// Element-wise math over <see cref="Vector{T}"/> lanes, called by the generated batch kernels, where
/// each lane is one image of a group. The functions match their scalar counterparts to a few ulps.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorMath
{
    /// <summary>
    /// tanh(x) as a rational function, odd polynomials of degree 13 over even ones of degree 6 in x clamped
    /// to ±7.9053 (where it is within 3 ulps of ±1), x itself for |x| &lt; 0.0004 and ±1 from |x| ≥ 9: absolute error a few ulps
    /// of 1 (checked against <see cref="Math.Tanh(double)"/> in the tests), NaN stays NaN. About four
    /// times cheaper than going through <see cref="Vector.Exp(Vector{float})"/>, which computes in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        var limit = new Vector<float>(7.90531110763549805f);
        Vector<float> c = Vector.ConditionalSelect(Vector.GreaterThan(x, limit), limit, x);
        c = Vector.ConditionalSelect(Vector.LessThan(c, -limit), -limit, c);
        Vector<float> x2 = c * c;
        Vector<float> p = Vector.FusedMultiplyAdd(x2, new Vector<float>(-2.76076847742355e-16f), new Vector<float>(2.00018790482477e-13f));
        p = Vector.FusedMultiplyAdd(x2, p, new Vector<float>(-8.60467152213735e-11f));
        p = Vector.FusedMultiplyAdd(x2, p, new Vector<float>(5.12229709037114e-08f));
        p = Vector.FusedMultiplyAdd(x2, p, new Vector<float>(1.48572235717979e-05f));
        p = Vector.FusedMultiplyAdd(x2, p, new Vector<float>(6.37261928875436e-04f));
        p = Vector.FusedMultiplyAdd(x2, p, new Vector<float>(4.89352455891786e-03f));
        p *= c;
        Vector<float> q = Vector.FusedMultiplyAdd(x2, new Vector<float>(1.19825839466702e-06f), new Vector<float>(1.18534705686654e-04f));
        q = Vector.FusedMultiplyAdd(x2, q, new Vector<float>(2.26843463243900e-03f));
        q = Vector.FusedMultiplyAdd(x2, q, new Vector<float>(4.89352518554385e-03f));
        Vector<float> magnitude = Vector.Abs(x);
        Vector<float> r = Vector.ConditionalSelect(Vector.LessThan(magnitude, new Vector<float>(0.0004f)), x, p / q);
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(magnitude, new Vector<float>(9f)), Vector.CopySign(Vector<float>.One, x), r);
    }

    /// <summary>tanh(x) = 1 − 2 / (e^{2x} + 1): exact limits ±1, absolute error a few ulps of 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Tanh(Vector<double> x) => Vector<double>.One - (new Vector<double>(2d) / (Vector.Exp(x + x) + Vector<double>.One));

    /// <summary>σ(x) = 1 / (1 + e^{−x}).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Vector.Exp(-x));

    /// <inheritdoc cref="Sigmoid(Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Sigmoid(Vector<double> x) => Vector<double>.One / (Vector<double>.One + Vector.Exp(-x));

    /// <summary>Applies tanh to every element in place, a vector at a time; the per-image kernels call it on a layer's whole output.</summary>
    public static void TanhInPlace(Span<float> values)
    {
        // Written out rather than through InPlace: a delegate call per vector costs a quarter of the work.
        Span<Vector<float>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = Tanh(vectors[i]);
        }

        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] = MathF.Tanh(values[i]);
        }
    }

    /// <inheritdoc cref="TanhInPlace(Span{float})"/>
    public static void TanhInPlace(Span<double> values) => InPlace(values, static v => Tanh(v), Math.Tanh);

    /// <summary>Applies σ to every element in place, a vector at a time.</summary>
    public static void SigmoidInPlace(Span<float> values) => InPlace(values, static v => Sigmoid(v), static x => 1f / (1f + MathF.Exp(-x)));

    /// <inheritdoc cref="SigmoidInPlace(Span{float})"/>
    public static void SigmoidInPlace(Span<double> values) => InPlace(values, static v => Sigmoid(v), static x => 1d / (1d + Math.Exp(-x)));

    /// <summary>Applies 1.7159 · tanh(2x/3) to every element in place, a vector at a time.</summary>
    public static void ScaledTanhInPlace(Span<float> values) =>
        InPlace(values, static v => 1.7159f * Tanh(0.6666667f * v), static x => 1.7159f * MathF.Tanh(0.6666667f * x));

    /// <inheritdoc cref="ScaledTanhInPlace(Span{float})"/>
    public static void ScaledTanhInPlace(Span<double> values) =>
        InPlace(values, static v => 1.7159d * Tanh((2d / 3d) * v), static x => 1.7159d * Math.Tanh((2d / 3d) * x));

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InPlace<T>(Span<T> values, Func<Vector<T>, Vector<T>> vector, Func<T, T> scalar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<Vector<T>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = vector(vectors[i]);
        }

        for (int i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            values[i] = scalar(values[i]);
        }
    }
}
