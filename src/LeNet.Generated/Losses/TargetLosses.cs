using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Losses;

/// <summary>
/// The losses against targets, one per output (<see cref="LossFunction.MeanSquaredError"/>,
/// <see cref="LossFunction.BinaryCrossEntropyWithLogits"/>). An image's loss is the mean over its outputs, so a batch's
/// mean of image losses is PyTorch's mean over all N × OutputLength elements.
/// </summary>
public static class TargetLosses
{
    /// <summary>The loss of one image's <paramref name="outputs"/> against its <paramref name="targets"/>.</summary>
    public static T Loss<T>(LossFunction loss, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < outputs.Length; i++)
        {
            sum += Element(loss, outputs[i], targets[i]);
        }

        return sum / T.CreateTruncating(outputs.Length);
    }

    /// <summary>
    /// For a lane group (output <c>i</c> of image <c>n</c> at <c>i · L + n</c>) and its images' targets one image
    /// after another: adds each image's loss to <paramref name="total"/>, and writes <paramref name="scale"/> times
    /// its gradient to <paramref name="gradient"/> (in the lane layout) unless that is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T LossAndGradient<T>(LossFunction loss, ReadOnlySpan<T> outputs, int lanes, ReadOnlySpan<T> targets, T scale, Span<T> gradient, T total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = outputs.Length / lanes;
        T size = T.CreateTruncating(count);
        T factor = scale / size;
        for (int n = 0; n < lanes; n++)
        {
            T sum = T.Zero;
            for (int i = 0; i < count; i++)
            {
                T z = outputs[(i * lanes) + n], y = targets[(n * count) + i];
                sum += Element(loss, z, y);
                if (!gradient.IsEmpty)
                {
                    gradient[(i * lanes) + n] = factor * Derivative(loss, z, y);
                }
            }

            total += sum / size;
        }

        return total;
    }

    /// <summary>
    /// (z − y)², or BCE with logits as PyTorch computes it without overflow:
    /// (1 − y) · z + m + log(e^−m + e^(−z − m)) with m = max(−z, 0).
    /// </summary>
    private static T Element<T>(LossFunction loss, T z, T y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (loss == LossFunction.MeanSquaredError)
        {
            T d = z - y;
            return d * d;
        }

        T m = T.Max(-z, T.Zero);
        return ((T.One - y) * z) + m + T.Log(T.Exp(-m) + T.Exp(-z - m));
    }

    /// <summary>∂/∂z: 2(z − y), or sigmoid(z) − y.</summary>
    private static T Derivative<T>(LossFunction loss, T z, T y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        loss == LossFunction.MeanSquaredError ? T.CreateTruncating(2) * (z - y) : (T.One / (T.One + T.Exp(-z))) - y;
}
