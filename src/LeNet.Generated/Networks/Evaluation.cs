using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated;

/// <summary>
/// Evaluates N images for the workspaces: whole lane groups through the lane kernels, the images left
/// over one at a time through the per-image kernels, each result written where the caller asked.
/// </summary>
internal static class Evaluation<TKernels, T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements the buffer of <see cref="Run"/> needs at <paramref name="width"/>.</summary>
    public static int BufferLength(VectorWidth width)
    {
        int lanes = VectorWidths.Lanes<T>(width);
        return Math.Max(lanes > 1 ? TKernels.Layout.ForwardLength * lanes : 0, TKernels.ImageBufferLength + TKernels.OutputLength);
    }

    /// <summary>
    /// Runs the images of <paramref name="inputs"/> and, for each non-empty target, writes their logits to
    /// <paramref name="outputs"/>, their classes to <paramref name="predictions"/>, and returns the sum of
    /// their losses against <paramref name="labels"/> or <paramref name="targets"/> (0 when both are empty).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Run(VectorWidth width, ReadOnlySpan<T> parameters, ReadOnlySpan<T> buffers, ReadOnlySpan<T> inputs, Span<T> buffer, Span<T> outputs, Span<int> predictions, ReadOnlySpan<int> labels, ReadOnlySpan<T> targets = default)
    {
        int input = TKernels.InputLength, output = TKernels.OutputLength;
        int count = inputs.Length / input;
        int lanes = VectorWidths.Lanes<T>(width);
        LaneLayout layout = TKernels.Layout;
        T loss = T.Zero;
        int n = 0;
        for (; lanes > 1 && n + lanes <= count; n += lanes)
        {
            Span<T> group = buffer[..(layout.ForwardLength * lanes)];
            Lanes.Gather(inputs.Slice(n * input, lanes * input), input, group.Slice(layout.ForwardInput * lanes, input * lanes), lanes);
            if (TKernels.BatchNorms.IsEmpty)
            {
                TKernels.Forward(width, parameters, group);
            }
            else
            {
                Segments(width, parameters, buffers, group, lanes);
            }

            Span<T> logits = group.Slice(layout.ForwardOutput * lanes, output * lanes);
            if (!outputs.IsEmpty)
            {
                Lanes.Scatter<T>(logits, outputs.Slice(n * output, lanes * output), output, lanes);
            }

            if (!predictions.IsEmpty)
            {
                Lanes.ArgMax<T>(logits, lanes, predictions.Slice(n, lanes));
            }

            if (!labels.IsEmpty)
            {
                loss = Lanes.SoftmaxCrossEntropy<T>(logits, lanes, labels.Slice(n, lanes), T.One, default, loss);
            }

            if (!targets.IsEmpty)
            {
                loss = Losses.TargetLosses.LossAndGradient<T>(TKernels.Loss, logits, lanes, targets.Slice(n * output, lanes * output), T.One, default, loss);
            }
        }

        for (; n < count; n++)
        {
            Span<T> logits = buffer.Slice(TKernels.ImageBufferLength, output);
            Image(width, parameters, buffers, inputs.Slice(n * input, input), buffer[..TKernels.ImageBufferLength], logits);
            if (!outputs.IsEmpty)
            {
                logits.CopyTo(outputs.Slice(n * output, output));
            }

            if (!predictions.IsEmpty)
            {
                predictions[n] = Logits.ArgMax<T>(logits);
            }

            if (!labels.IsEmpty)
            {
                loss += Losses.SoftmaxCrossEntropy.Loss<T>(logits, labels[n]);
            }

            if (!targets.IsEmpty)
            {
                loss += Losses.TargetLosses.Loss<T>(TKernels.Loss, logits, targets.Slice(n * output, output));
            }
        }

        return loss;
    }

    /// <summary>Evaluates one image with the per-image kernels; a network with batch normalisation runs their segments, normalising between them.</summary>
    public static void Image(VectorWidth width, ReadOnlySpan<T> parameters, ReadOnlySpan<T> buffers, ReadOnlySpan<T> image, Span<T> buffer, Span<T> logits)
    {
        ReadOnlySpan<BatchNormLayer> layers = TKernels.BatchNorms;
        if (layers.IsEmpty)
        {
            TKernels.ForwardImage(width, parameters, image, buffer, logits);
            return;
        }

        LaneLayout layout = TKernels.Layout;
        image.CopyTo(buffer.Slice(layout.ForwardInput, TKernels.InputLength));
        for (int k = 0; k < layers.Length; k++)
        {
            TKernels.ForwardImageSegment(width, k, parameters, buffer);
            BatchNorm.ForwardEvaluation(layers[k], parameters, buffers, buffer, layers[k].AlternatingInput, layers[k].AlternatingOutput, 1);
        }

        TKernels.ForwardImageSegment(width, layers.Length, parameters, buffer);
        buffer.Slice(layout.ForwardOutput, TKernels.OutputLength).CopyTo(logits);
    }

    /// <summary>The evaluation pass of a lane group of a network with batch normalisation: its segments, normalised between them with the running statistics.</summary>
    private static void Segments(VectorWidth width, ReadOnlySpan<T> parameters, ReadOnlySpan<T> buffers, Span<T> group, int lanes)
    {
        ReadOnlySpan<BatchNormLayer> layers = TKernels.BatchNorms;
        for (int k = 0; k < layers.Length; k++)
        {
            TKernels.ForwardSegment(width, k, parameters, group);
            BatchNorm.ForwardEvaluation(layers[k], parameters, buffers, group, layers[k].AlternatingInput, layers[k].AlternatingOutput, lanes);
        }

        TKernels.ForwardSegment(width, layers.Length, parameters, group);
    }
}
