using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Losses;

/// <summary>
/// Softmax cross-entropy of one row of logits against a class label, as <c>nn.CrossEntropyLoss</c>
/// computes it per sample: <c>log Σ exp(z) − z[label]</c>, with the maximum subtracted first so
/// large logits cannot overflow.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Returns the loss of <paramref name="logits"/> against <paramref name="label"/>.</summary>
    public static T Loss<T>(ReadOnlySpan<T> logits, int label)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = Max(logits);
        T sum = T.Zero;
        foreach (T z in logits)
        {
            sum += T.Exp(z - max);
        }

        return max + T.Log(sum) - logits[label];
    }

    /// <summary>
    /// Returns the loss and writes <c>scale · (softmax(z) − onehot(label))</c>, its gradient with
    /// respect to the logits times <paramref name="scale"/>, to <paramref name="gradient"/>.
    /// </summary>
    public static T LossAndGradient<T>(ReadOnlySpan<T> logits, int label, T scale, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient = gradient[..logits.Length];
        T max = Max(logits);
        T sum = T.Zero;
        for (int i = 0; i < logits.Length; i++)
        {
            T e = T.Exp(logits[i] - max);
            gradient[i] = e;
            sum += e;
        }

        T normalizer = scale / sum;
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = FlushTiny(gradient[i] * normalizer);
        }

        gradient[label] -= scale;
        return max + T.Log(sum) - logits[label];
    }

    /// <summary>
    /// 0 for a gradient entry below 1e-30 (float) or 1e-300 (double), the value otherwise. A class the
    /// network is sure is wrong gets a probability like e^-80; multiplied through the backward pass by
    /// weights and activations it yields subnormal numbers, which x86 processors compute about a hundred
    /// times slower (measured: a trained LeNet-5's step at 40k instead of 63k images/s). Such an entry
    /// changes no gradient by more than its own size, far below the float resolution of the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T FlushTiny<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.Abs(value) < T.CreateTruncating(typeof(T) == typeof(float) ? 1e-30 : 1e-300) ? T.Zero : value;

    private static T Max<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = T.MaxNumber(max, values[i]);
        }

        return max;
    }
}
