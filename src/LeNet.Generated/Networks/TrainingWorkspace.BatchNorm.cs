using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// The training pass of a network with batch normalisation. A batch norm layer's statistics are those of every
/// image of the pass, so the pass runs in segments split at those layers: segment k of every lane group, then the
/// layer over all of them, then segment k + 1; backward likewise in reverse. The activations and their gradients
/// are kept for every group of the pass, group by group (<see cref="LaneGroups{T}"/>), in buffers that grow to the
/// largest pass seen and never shrink, so passes of a size already seen allocate nothing.
/// </summary>
/// <remarks>
/// Only a pass whose images start the step's batch (<see cref="DropoutKey.FirstImage"/> 0) updates the running
/// statistics: with several threads sharing a batch, each normalises its own share, as PyTorch's
/// DistributedDataParallel without SyncBatchNorm, and the first thread's share moves the running statistics, as
/// DDP's <c>broadcast_buffers</c> keeps rank 0's.
/// </remarks>
public sealed partial class TrainingWorkspace<TKernels, T>
{
    private readonly double[] _statistics;

    /// <summary>Each layer's mean and 1/√(var + eps) per channel, as the forward pass used them.</summary>
    private static int StatisticsLength
    {
        get
        {
            int length = 0;
            foreach (BatchNormLayer layer in TKernels.BatchNorms)
            {
                length += 2 * layer.Channels;
            }

            return length;
        }
    }

    private T Segmented(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, ReadOnlySpan<T> targets, int count, in Pass pass)
    {
        int input = TKernels.InputLength, output = TKernels.OutputLength;
        LaneLayout layout = TKernels.Layout;
        Grow(count);
        Span<T> activations = _activations.Span, gradients = _activationGradients.Span;
        foreach (LaneGroups<T> group in new LaneGroups<T>(Width, count))
        {
            Span<T> a = activations.Slice(layout.ActivationLength * group.First, layout.ActivationLength * group.Lanes);
            Lanes.Gather(inputs.Slice(group.First * input, group.Lanes * input), input, a.Slice(layout.ActivationInput * group.Lanes, input * group.Lanes), group.Lanes);
            if (TKernels.Dropouts.Length > 0)
            {
                DropoutMasks.Fill<T>(TKernels.Dropouts, a, group.Lanes, pass.Mode, pass.Dropout.From(group.First));
            }
        }

        bool training = pass.Mode == NetworkMode.Training;
        ForwardSegments(Width, count, training, update: training && pass.Dropout.FirstImage == 0);
        T loss = T.Zero;
        foreach (LaneGroups<T> group in new LaneGroups<T>(Width, count))
        {
            int first = group.First, lanes = group.Lanes;
            Span<T> logits = activations.Slice((layout.ActivationLength * first) + (layout.ActivationOutput * lanes), output * lanes);
            if (!pass.Outputs.IsEmpty)
            {
                Lanes.Scatter<T>(logits, pass.Outputs.Slice(first * output, lanes * output), output, lanes);
            }

            if (!pass.Predictions.IsEmpty)
            {
                Lanes.ArgMax<T>(logits, lanes, pass.Predictions.Slice(first, lanes));
            }

            Span<T> outputGradient = gradients.Slice((layout.GradientLength * first) + (layout.GradientOutput * lanes), output * lanes);
            loss = TKernels.Loss == LossFunction.CrossEntropy
                ? Lanes.SoftmaxCrossEntropy<T>(logits, lanes, labels.Slice(first, lanes), pass.Scale, outputGradient, loss)
                : Losses.TargetLosses.LossAndGradient<T>(TKernels.Loss, logits, lanes, targets.Slice(first * output, lanes * output), pass.Scale, outputGradient, loss);
        }

        bool withInput = !pass.InputGradients.IsEmpty;
        BackwardSegments(Width, count, training, withInput);
        if (withInput)
        {
            foreach (LaneGroups<T> group in new LaneGroups<T>(Width, count))
            {
                Span<T> da = gradients.Slice(layout.GradientLength * group.First, layout.GradientLength * group.Lanes);
                Lanes.Scatter<T>(da.Slice(layout.GradientInput * group.Lanes, input * group.Lanes), pass.InputGradients.Slice(group.First * input, group.Lanes * input), input, group.Lanes);
            }
        }

        return loss;
    }

    /// <summary>A single image's evaluation pass that keeps its activations, for <see cref="Backward"/>.</summary>
    private void ForwardKept(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        LaneLayout layout = TKernels.Layout;
        Span<T> a = _activations.Span[..layout.ActivationLength];
        inputs.CopyTo(a.Slice(layout.ActivationInput, TKernels.InputLength));
        DropoutMasks.Fill<T>(TKernels.Dropouts, a, 1, NetworkMode.Evaluation, default);
        ForwardSegments(VectorWidth.Scalar, 1, training: false, update: false);
        a.Slice(layout.ActivationOutput, TKernels.OutputLength).CopyTo(outputs);
    }

    /// <summary>The backward pass of <see cref="ForwardKept"/>.</summary>
    private void BackwardKept(ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
    {
        LaneLayout layout = TKernels.Layout;
        Span<T> da = _activationGradients.Span[..layout.GradientLength];
        outputGradient.CopyTo(da.Slice(layout.GradientOutput, TKernels.OutputLength));
        BackwardSegments(VectorWidth.Scalar, 1, training: false, !inputGradient.IsEmpty);
        if (!inputGradient.IsEmpty)
        {
            da.Slice(layout.GradientInput, TKernels.InputLength).CopyTo(inputGradient);
        }
    }

    /// <summary>Segment k of every group, then batch norm k over all of them, for each k; the last segment ends at the logits.</summary>
    private void ForwardSegments(VectorWidth width, int count, bool training, bool update)
    {
        ReadOnlySpan<BatchNormLayer> layers = TKernels.BatchNorms;
        int stride = TKernels.Layout.ActivationLength;
        Span<T> activations = _activations.Span;
        int statistics = 0;
        for (int k = 0; k <= layers.Length; k++)
        {
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                TKernels.ForwardTrainingSegment(group.Width, k, _parameters, activations.Slice(stride * group.First, stride * group.Lanes));
            }

            if (k == layers.Length)
            {
                break;
            }

            BatchNormLayer layer = layers[k];
            Span<double> kept = _statistics.AsSpan(statistics, 2 * layer.Channels);
            statistics += 2 * layer.Channels;
            if (training)
            {
                BatchNorm.ForwardTraining(layer, _parameters, _buffers, activations, stride, width, count, kept, update);
                continue;
            }

            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                BatchNorm.ForwardEvaluation(layer, _parameters, _buffers, activations.Slice(stride * group.First, stride * group.Lanes), layer.KeptInput, layer.KeptOutput, group.Lanes, kept);
            }
        }
    }

    /// <summary>Segment k of every group in reverse, then batch norm k − 1 over all of them, for each k down to 0.</summary>
    private void BackwardSegments(VectorWidth width, int count, bool training, bool withInput)
    {
        ReadOnlySpan<BatchNormLayer> layers = TKernels.BatchNorms;
        LaneLayout layout = TKernels.Layout;
        int stride = layout.ActivationLength, gradientStride = layout.GradientLength;
        Span<T> activations = _activations.Span, gradients = _activationGradients.Span;
        int statistics = StatisticsLength;
        for (int k = layers.Length; k >= 0; k--)
        {
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                TKernels.BackwardSegment(
                    group.Width, k, _parameters,
                    activations.Slice(stride * group.First, stride * group.Lanes),
                    gradients.Slice(gradientStride * group.First, gradientStride * group.Lanes),
                    _scratch.Span[..(layout.ScratchLength * group.Lanes)], _gradients, withInput && k == 0);
            }

            if (k == 0)
            {
                break;
            }

            BatchNormLayer layer = layers[k - 1];
            statistics -= 2 * layer.Channels;
            BatchNorm.Backward(layer, _parameters, activations, stride, gradients, gradientStride, width, count, _statistics.AsSpan(statistics, 2 * layer.Channels), training, _gradients);
        }
    }

    /// <summary>Grows the activations and their gradients to hold every group of a pass of <paramref name="count"/> images.</summary>
    private void Grow(int count)
    {
        LaneLayout layout = TKernels.Layout;
        if (_activations.Length < layout.ActivationLength * count)
        {
            _activations = new AlignedArray<T>(layout.ActivationLength * count);
        }

        if (_activationGradients.Length < layout.GradientLength * count)
        {
            _activationGradients = new AlignedArray<T>(layout.GradientLength * count);
        }
    }
}
