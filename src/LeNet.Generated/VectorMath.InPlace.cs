using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated;

/// <summary>
/// Activations over a whole span, a vector of the given width at a time: a per-image kernel stores its
/// pre-activations and applies the activation afterwards in one pass (a scalar tanh costs more than the
/// multiply-adds of a small layer).
/// </summary>
public static partial class VectorMath
{
    /// <summary>Applies tanh to every element in place.</summary>
    public static void TanhInPlace(Span<float> values, VectorWidth width) => InPlace<float, TanhOf>(values, width);

    /// <inheritdoc cref="TanhInPlace(Span{float}, VectorWidth)"/>
    public static void TanhInPlace(Span<double> values, VectorWidth width) => InPlace<double, TanhOf>(values, width);

    /// <summary>Applies σ to every element in place.</summary>
    public static void SigmoidInPlace(Span<float> values, VectorWidth width) => InPlace<float, SigmoidOf>(values, width);

    /// <inheritdoc cref="SigmoidInPlace(Span{float}, VectorWidth)"/>
    public static void SigmoidInPlace(Span<double> values, VectorWidth width) => InPlace<double, SigmoidOf>(values, width);

    /// <summary>Applies 1.7159 · tanh(2x/3) to every element in place.</summary>
    public static void ScaledTanhInPlace(Span<float> values, VectorWidth width) => InPlace<float, ScaledTanhOf>(values, width);

    /// <inheritdoc cref="ScaledTanhInPlace(Span{float}, VectorWidth)"/>
    public static void ScaledTanhInPlace(Span<double> values, VectorWidth width) => InPlace<double, ScaledTanhOf>(values, width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InPlace<T, TFunction>(Span<T> values, VectorWidth width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : struct, IElementwise<T>
    {
        int done = width switch
        {
            VectorWidth.Vector512 when Vector512.IsHardwareAccelerated => Apply512<T, TFunction>(values),
            VectorWidth.Vector256 when Vector256.IsHardwareAccelerated => Apply256<T, TFunction>(values),
            VectorWidth.Vector128 when Vector128.IsHardwareAccelerated => Apply128<T, TFunction>(values),
            _ => 0,
        };
        for (int i = done; i < values.Length; i++)
        {
            values[i] = TFunction.Of(values[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Apply512<T, TFunction>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : struct, IElementwise<T>
    {
        Span<Vector512<T>> vectors = MemoryMarshal.Cast<T, Vector512<T>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = TFunction.Of(vectors[i]);
        }

        return vectors.Length * Vector512<T>.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Apply256<T, TFunction>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : struct, IElementwise<T>
    {
        Span<Vector256<T>> vectors = MemoryMarshal.Cast<T, Vector256<T>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = TFunction.Of(vectors[i]);
        }

        return vectors.Length * Vector256<T>.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Apply128<T, TFunction>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : struct, IElementwise<T>
    {
        Span<Vector128<T>> vectors = MemoryMarshal.Cast<T, Vector128<T>>(values);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = TFunction.Of(vectors[i]);
        }

        return vectors.Length * Vector128<T>.Count;
    }

    /// <summary>
    /// An element-wise function at every width. The passes take it as a struct type argument, so the
    /// JIT compiles one loop per function with the function inlined (no call per vector).
    /// </summary>
    private interface IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector512<T> Of(Vector512<T> x);

        static abstract Vector256<T> Of(Vector256<T> x);

        static abstract Vector128<T> Of(Vector128<T> x);

        static abstract T Of(T x);
    }

    private readonly struct TanhOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector512<float> Of(Vector512<float> x) => Tanh(x);

        public static Vector256<float> Of(Vector256<float> x) => Tanh(x);

        public static Vector128<float> Of(Vector128<float> x) => Tanh(x);

        public static float Of(float x) => Tanh(x);

        public static Vector512<double> Of(Vector512<double> x) => Tanh(x);

        public static Vector256<double> Of(Vector256<double> x) => Tanh(x);

        public static Vector128<double> Of(Vector128<double> x) => Tanh(x);

        public static double Of(double x) => Tanh(x);
    }

    private readonly struct SigmoidOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector512<float> Of(Vector512<float> x) => Sigmoid(x);

        public static Vector256<float> Of(Vector256<float> x) => Sigmoid(x);

        public static Vector128<float> Of(Vector128<float> x) => Sigmoid(x);

        public static float Of(float x) => Sigmoid(x);

        public static Vector512<double> Of(Vector512<double> x) => Sigmoid(x);

        public static Vector256<double> Of(Vector256<double> x) => Sigmoid(x);

        public static Vector128<double> Of(Vector128<double> x) => Sigmoid(x);

        public static double Of(double x) => Sigmoid(x);
    }

    private readonly struct ScaledTanhOf : IElementwise<float>, IElementwise<double>
    {
        public static Vector512<float> Of(Vector512<float> x) => ScaledTanh(x);

        public static Vector256<float> Of(Vector256<float> x) => ScaledTanh(x);

        public static Vector128<float> Of(Vector128<float> x) => ScaledTanh(x);

        public static float Of(float x) => ScaledTanh(x);

        public static Vector512<double> Of(Vector512<double> x) => ScaledTanh(x);

        public static Vector256<double> Of(Vector256<double> x) => ScaledTanh(x);

        public static Vector128<double> Of(Vector128<double> x) => ScaledTanh(x);

        public static double Of(double x) => ScaledTanh(x);
    }
}
