using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LeNet.Generated;

/// <summary>
/// Element-wise math for the generated kernels, one overload per vector width and one for a single
/// element. Every overload does the same operations in the same order on each element, so a lane of a
/// 512-bit vector, of a 128-bit vector and a lone scalar get the same bits (where the processor has
/// fused multiply-add). The kernels call these in their hottest loops, so each is small enough for the
/// JIT to inline whole into the largest kernel (checked in its disassembly at tier 1).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class VectorMath
{
    // tanh(x) as an odd [13/6] rational function of x on [−7.905, 7.905] (past that, float tanh is ±1):
    // eleven multiply-adds and one division, no exp, within 3e-7 (5 ulps of 1) of tanh everywhere where
    // the multiply-adds are fused, 4e-7 where the processor has no FMA (tested). NaN stays NaN.
    // Coefficients as Eigen's generic_fast_tanh_float.
    private const float Limit = 7.90531110763549805f;
    private const float P13 = -2.76076847742355e-16f, P11 = 2.00018790482477e-13f, P9 = -8.60467152213735e-11f;
    private const float P7 = 5.12229709037114e-08f, P5 = 1.48572235717979e-05f, P3 = 6.37261928875436e-04f, P1 = 4.89352455891786e-03f;
    private const float Q6 = 1.19825839466702e-06f, Q4 = 1.18534705686654e-04f, Q2 = 2.26843463243900e-03f, Q0 = 4.89352518554385e-03f;

    /// <summary>The 1998 paper's squashing function is A · tanh(S · x).</summary>
    private const float Amplitude = 1.7159f, Slope = 0.6666667f;

    /// <summary>tanh(x): the rational approximation above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-Limit)), Vector512.Create(Limit));
        Vector512<float> x2 = x * x;
        Vector512<float> p = MultiplyAdd(x2, Vector512.Create(P13), Vector512.Create(P11));
        p = MultiplyAdd(p, x2, Vector512.Create(P9));
        p = MultiplyAdd(p, x2, Vector512.Create(P7));
        p = MultiplyAdd(p, x2, Vector512.Create(P5));
        p = MultiplyAdd(p, x2, Vector512.Create(P3));
        p = MultiplyAdd(p, x2, Vector512.Create(P1));
        Vector512<float> q = MultiplyAdd(x2, Vector512.Create(Q6), Vector512.Create(Q4));
        q = MultiplyAdd(q, x2, Vector512.Create(Q2));
        q = MultiplyAdd(q, x2, Vector512.Create(Q0));
        return x * p / q;
    }

    /// <inheritdoc cref="Tanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-Limit)), Vector256.Create(Limit));
        Vector256<float> x2 = x * x;
        Vector256<float> p = MultiplyAdd(x2, Vector256.Create(P13), Vector256.Create(P11));
        p = MultiplyAdd(p, x2, Vector256.Create(P9));
        p = MultiplyAdd(p, x2, Vector256.Create(P7));
        p = MultiplyAdd(p, x2, Vector256.Create(P5));
        p = MultiplyAdd(p, x2, Vector256.Create(P3));
        p = MultiplyAdd(p, x2, Vector256.Create(P1));
        Vector256<float> q = MultiplyAdd(x2, Vector256.Create(Q6), Vector256.Create(Q4));
        q = MultiplyAdd(q, x2, Vector256.Create(Q2));
        q = MultiplyAdd(q, x2, Vector256.Create(Q0));
        return x * p / q;
    }

    /// <inheritdoc cref="Tanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(-Limit)), Vector128.Create(Limit));
        Vector128<float> x2 = x * x;
        Vector128<float> p = MultiplyAdd(x2, Vector128.Create(P13), Vector128.Create(P11));
        p = MultiplyAdd(p, x2, Vector128.Create(P9));
        p = MultiplyAdd(p, x2, Vector128.Create(P7));
        p = MultiplyAdd(p, x2, Vector128.Create(P5));
        p = MultiplyAdd(p, x2, Vector128.Create(P3));
        p = MultiplyAdd(p, x2, Vector128.Create(P1));
        Vector128<float> q = MultiplyAdd(x2, Vector128.Create(Q6), Vector128.Create(Q4));
        q = MultiplyAdd(q, x2, Vector128.Create(Q2));
        q = MultiplyAdd(q, x2, Vector128.Create(Q0));
        return x * p / q;
    }

    /// <inheritdoc cref="Tanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        x = float.Min(float.Max(x, -Limit), Limit);
        float x2 = x * x;
        float p = MultiplyAdd(x2, P13, P11);
        p = MultiplyAdd(p, x2, P9);
        p = MultiplyAdd(p, x2, P7);
        p = MultiplyAdd(p, x2, P5);
        p = MultiplyAdd(p, x2, P3);
        p = MultiplyAdd(p, x2, P1);
        float q = MultiplyAdd(x2, Q6, Q4);
        q = MultiplyAdd(q, x2, Q2);
        q = MultiplyAdd(q, x2, Q0);
        return x * p / q;
    }

    /// <summary>tanh(x) = 1 − 2 / (e^{2x} + 1) in double precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x) => Vector512<double>.One - (Vector512.Create(2d) / (Exp(x + x) + Vector512<double>.One));

    /// <inheritdoc cref="Tanh(Vector512{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x) => Vector256<double>.One - (Vector256.Create(2d) / (Exp(x + x) + Vector256<double>.One));

    /// <inheritdoc cref="Tanh(Vector512{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x) => Vector128<double>.One - (Vector128.Create(2d) / (Exp(x + x) + Vector128<double>.One));

    /// <inheritdoc cref="Tanh(Vector512{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tanh(double x) => 1d - (2d / (Exp(x + x) + 1d));

    /// <summary>1.7159 · tanh(2x/3), the 1998 paper's squashing function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ScaledTanh(Vector512<float> x) => Amplitude * Tanh(Slope * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ScaledTanh(Vector256<float> x) => Amplitude * Tanh(Slope * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ScaledTanh(Vector128<float> x) => Amplitude * Tanh(Slope * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScaledTanh(float x) => Amplitude * Tanh(Slope * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ScaledTanh(Vector512<double> x) => 1.7159d * Tanh((2d / 3d) * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ScaledTanh(Vector256<double> x) => 1.7159d * Tanh((2d / 3d) * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ScaledTanh(Vector128<double> x) => 1.7159d * Tanh((2d / 3d) * x);

    /// <inheritdoc cref="ScaledTanh(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ScaledTanh(double x) => 1.7159d * Tanh((2d / 3d) * x);

    /// <summary>σ(x) = 1 / (1 + e^{−x}).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512<T>.One / (Vector512<T>.One + Exp(-x));

    /// <inheritdoc cref="Sigmoid{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sigmoid<T>(Vector256<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256<T>.One / (Vector256<T>.One + Exp(-x));

    /// <inheritdoc cref="Sigmoid{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sigmoid<T>(Vector128<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128<T>.One / (Vector128<T>.One + Exp(-x));

    /// <inheritdoc cref="Sigmoid{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <inheritdoc cref="Sigmoid{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => 1d / (1d + Exp(-x));

    /// <summary>max(x, 0); NaN stays NaN, as <c>nn.ReLU</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ReLU<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), Vector512<T>.Zero, x);

    /// <inheritdoc cref="ReLU{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ReLU<T>(Vector256<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), Vector256<T>.Zero, x);

    /// <inheritdoc cref="ReLU{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ReLU<T>(Vector128<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), Vector128<T>.Zero, x);

    /// <inheritdoc cref="ReLU{T}(Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ReLU<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => x < T.Zero ? T.Zero : x;

    /// <summary>∂relu: <paramref name="dy"/> where the output is positive, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ReLUGradient<T>(Vector512<T> y, Vector512<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<T>.Zero), dy, Vector512<T>.Zero);

    /// <inheritdoc cref="ReLUGradient{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ReLUGradient<T>(Vector256<T> y, Vector256<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<T>.Zero), dy, Vector256<T>.Zero);

    /// <inheritdoc cref="ReLUGradient{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ReLUGradient<T>(Vector128<T> y, Vector128<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<T>.Zero), dy, Vector128<T>.Zero);

    /// <inheritdoc cref="ReLUGradient{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ReLUGradient<T>(T y, T dy)
        where T : unmanaged, IFloatingPointIeee754<T> => y > T.Zero ? dy : T.Zero;

    /// <summary>x where x &gt; 0, else <paramref name="slope"/> · x; NaN stays NaN, as <c>nn.LeakyReLU</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LeakyReLU<T>(Vector512<T> x, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * slope);

    /// <inheritdoc cref="LeakyReLU{T}(Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LeakyReLU<T>(Vector256<T> x, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * slope);

    /// <inheritdoc cref="LeakyReLU{T}(Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LeakyReLU<T>(Vector128<T> x, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, x * slope);

    /// <inheritdoc cref="LeakyReLU{T}(Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LeakyReLU<T>(T x, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? x : x * slope;

    /// <summary>
    /// ∂leaky_relu from the output: <paramref name="dy"/> where it is positive, else <paramref name="slope"/> · dy.
    /// With a slope of at least 0 the output is positive exactly where the input is, so this is PyTorch's rule.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LeakyReLUGradient<T>(Vector512<T> y, Vector512<T> dy, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<T>.Zero), dy, dy * slope);

    /// <inheritdoc cref="LeakyReLUGradient{T}(Vector512{T}, Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LeakyReLUGradient<T>(Vector256<T> y, Vector256<T> dy, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<T>.Zero), dy, dy * slope);

    /// <inheritdoc cref="LeakyReLUGradient{T}(Vector512{T}, Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LeakyReLUGradient<T>(Vector128<T> y, Vector128<T> dy, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<T>.Zero), dy, dy * slope);

    /// <inheritdoc cref="LeakyReLUGradient{T}(Vector512{T}, Vector512{T}, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LeakyReLUGradient<T>(T y, T dy, T slope)
        where T : unmanaged, IFloatingPointIeee754<T> => y > T.Zero ? dy : dy * slope;

    /// <summary>Per lane, <paramref name="v"/> if it is greater than <paramref name="m"/> or NaN, else <paramref name="m"/>: max pooling's first-maximum rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max<T>(Vector512<T> m, Vector512<T> v)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v), v, m);

    /// <inheritdoc cref="Max{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max<T>(Vector256<T> m, Vector256<T> v)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.ConditionalSelect(Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v), v, m);

    /// <inheritdoc cref="Max{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max<T>(Vector128<T> m, Vector128<T> v)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.ConditionalSelect(Vector128.GreaterThan(v, m) | ~Vector128.Equals(v, v), v, m);

    /// <inheritdoc cref="Max{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(T m, T v)
        where T : unmanaged, IFloatingPointIeee754<T> => v > m || T.IsNaN(v) ? v : m;

    /// <summary>
    /// Max-pool backward for one tap of a window, taps visited in order: returns <paramref name="g"/> in the
    /// lanes where <paramref name="x"/> is the window maximum <paramref name="max"/> and no earlier tap was,
    /// 0 elsewhere, and closes those lanes in <paramref name="open"/> (start with all bits set).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> RouteToFirstMax<T>(Vector512<T> x, Vector512<T> max, Vector512<T> g, ref Vector512<T> open)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> hit = Vector512.Equals(x, max) & open;
        open = Vector512.AndNot(open, hit);
        return Vector512.ConditionalSelect(hit, g, Vector512<T>.Zero);
    }

    /// <inheritdoc cref="RouteToFirstMax{T}(Vector512{T}, Vector512{T}, Vector512{T}, ref Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> RouteToFirstMax<T>(Vector256<T> x, Vector256<T> max, Vector256<T> g, ref Vector256<T> open)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> hit = Vector256.Equals(x, max) & open;
        open = Vector256.AndNot(open, hit);
        return Vector256.ConditionalSelect(hit, g, Vector256<T>.Zero);
    }

    /// <inheritdoc cref="RouteToFirstMax{T}(Vector512{T}, Vector512{T}, Vector512{T}, ref Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> RouteToFirstMax<T>(Vector128<T> x, Vector128<T> max, Vector128<T> g, ref Vector128<T> open)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector128<T> hit = Vector128.Equals(x, max) & open;
        open = Vector128.AndNot(open, hit);
        return Vector128.ConditionalSelect(hit, g, Vector128<T>.Zero);
    }

    /// <summary>
    /// a · b + c as the generated kernels spell it for this target: one fused instruction where the
    /// processor has it (<c>MultiplyAddEstimate</c>, .NET 9 and later); a multiply and an add on .NET 8, and
    /// in the browser, whose interpreter runs <c>MultiplyAddEstimate</c> as a slow call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
#if NET9_0_OR_GREATER
        !OperatingSystem.IsBrowser() ? Vector512.MultiplyAddEstimate(a, b, c) :
#endif
        (a * b) + c;

    /// <inheritdoc cref="MultiplyAdd(Vector512{float}, Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
#if NET9_0_OR_GREATER
        !OperatingSystem.IsBrowser() ? Vector256.MultiplyAddEstimate(a, b, c) :
#endif
        (a * b) + c;

    /// <inheritdoc cref="MultiplyAdd(Vector512{float}, Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
#if NET9_0_OR_GREATER
        !OperatingSystem.IsBrowser() ? Vector128.MultiplyAddEstimate(a, b, c) :
#endif
        (a * b) + c;

    /// <inheritdoc cref="MultiplyAdd(Vector512{float}, Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MultiplyAdd(float a, float b, float c) =>
#if NET9_0_OR_GREATER
        !OperatingSystem.IsBrowser() ? float.MultiplyAddEstimate(a, b, c) :
#endif
        (a * b) + c;

#if NET9_0_OR_GREATER
    /// <summary>e^x of one element with the vector algorithm, so a lone element gets the bits of a lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Exp(float x) => Vector128.IsHardwareAccelerated ? Vector128.Exp(Vector128.CreateScalar(x)).ToScalar() : MathF.Exp(x);

    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Exp(double x) => Vector128.IsHardwareAccelerated ? Vector128.Exp(Vector128.CreateScalar(x)).ToScalar() : Math.Exp(x);

    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector512.Exp(x.AsSingle()).As<float, T>() : Vector512.Exp(x.AsDouble()).As<double, T>();

    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector256.Exp(x.AsSingle()).As<float, T>() : Vector256.Exp(x.AsDouble()).As<double, T>();

    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Exp<T>(Vector128<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector128.Exp(x.AsSingle()).As<float, T>() : Vector128.Exp(x.AsDouble()).As<double, T>();
#else
    // .NET 8 has no vector exp: every lane, and a lone element, goes through the scalar one.
    private static float Exp(float x) => MathF.Exp(x);

    private static double Exp(double x) => Math.Exp(x);

    private static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Create(Exp(x.GetLower()), Exp(x.GetUpper()));

    private static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.Create(Exp(x.GetLower()), Exp(x.GetUpper()));

    private static Vector128<T> Exp<T>(Vector128<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[Vector128<T>.Count];
        x.CopyTo(lanes);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = T.Exp(lanes[i]);
        }

        return Vector128.Create<T>(lanes);
    }
#endif
}
