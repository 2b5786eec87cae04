using System.ComponentModel;
using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// The shape-specialised kernels of one generated network, as static members of a struct the
/// generator writes (<c>LeNet5.Kernels</c>). Runtime code generic over that struct
/// (<see cref="NetworkState{TKernels, T}"/>, <see cref="InferenceWorkspace{TKernels, T}"/>,
/// <see cref="TrainingWorkspace{TKernels, T}"/>) is compiled by the JIT for each network with every
/// call below direct: the guards, batching and buffers are written once, here, not in every network.
/// </summary>
/// <remarks>
/// Buffers are spans of <typeparamref name="T"/>. A lane buffer of a group of <c>L</c> images holds
/// element <c>i</c> of image <c>n</c> at <c>i · L + n</c>: a vector of the group's width reads the same
/// element of every image. Lengths and offsets in <see cref="Layout"/> are per lane (per image).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements in one input image.</summary>
    static abstract int InputLength { get; }

    /// <summary>Outputs (logits) per image.</summary>
    static abstract int OutputLength { get; }

    /// <summary>Trainable parameters.</summary>
    static abstract int ParameterCount { get; }

    /// <summary>The loss the network trains with; a network declared without one trains with cross-entropy and does not say so.</summary>
    static virtual LossFunction Loss => LossFunction.CrossEntropy;

    /// <summary>Where each buffer of a lane group lives.</summary>
    static abstract LaneLayout Layout { get; }

    /// <summary>Elements <see cref="ForwardImage"/> needs for one image: its activations in two alternating regions and any scratch.</summary>
    static abstract int ImageBufferLength { get; }

    /// <summary>The dropout layers, in order: where <see cref="DropoutMasks"/> writes their masks before <see cref="ForwardTraining"/>. None by default.</summary>
    static virtual ReadOnlySpan<DropoutLayer> Dropouts => default;

    /// <summary>
    /// The batch normalisation layers, in order, which split every pass into segments: segment k runs the layers
    /// between batch norm k − 1 and batch norm k, and the runtime normalises between segments
    /// (<see cref="BatchNorm"/>). None by default: a network without them runs its passes whole.
    /// </summary>
    static virtual ReadOnlySpan<BatchNormLayer> BatchNorms => default;

    /// <summary>Elements of the buffers vector (running statistics, outside the parameters). 0 by default.</summary>
    static virtual int BufferCount => 0;

    /// <summary>Fills the parameters with PyTorch's default initialisation drawn from <paramref name="seed"/>.</summary>
    static abstract void ResetParameters(Span<T> parameters, int seed);

    /// <summary>Evaluates one image with the per-image kernels of <paramref name="width"/> and writes its logits.</summary>
    static abstract void ForwardImage(VectorWidth width, ReadOnlySpan<T> parameters, ReadOnlySpan<T> image, Span<T> buffer, Span<T> logits);

    /// <summary>
    /// Evaluates a lane group whose input is at <see cref="LaneLayout.ForwardInput"/> of <paramref name="buffer"/>,
    /// leaving its logits at <see cref="LaneLayout.ForwardOutput"/>; buffers alternate between two regions.
    /// </summary>
    static abstract void Forward(VectorWidth width, ReadOnlySpan<T> parameters, Span<T> buffer);

    /// <summary>
    /// The training forward pass of a lane group from <see cref="LaneLayout.ActivationInput"/>: every
    /// activation is kept for <see cref="Backward"/>, the logits end at <see cref="LaneLayout.ActivationOutput"/>.
    /// </summary>
    static abstract void ForwardTraining(VectorWidth width, ReadOnlySpan<T> parameters, Span<T> activations);

    /// <summary>
    /// Back-propagates ∂loss/∂logits at <see cref="LaneLayout.GradientOutput"/> of <paramref name="gradients"/>
    /// through the activations of <see cref="ForwardTraining"/>, and adds the group's parameter gradients to
    /// <paramref name="parameterGradients"/> image by image, in image order, at every width (so a run's bits
    /// do not depend on the width). With <paramref name="withInput"/>, ∂loss/∂input ends at
    /// <see cref="LaneLayout.GradientInput"/>. <paramref name="scratch"/> holds <see cref="LaneLayout.ScratchLength"/> per lane.
    /// </summary>
    static abstract void Backward(VectorWidth width, ReadOnlySpan<T> parameters, ReadOnlySpan<T> activations, Span<T> gradients, Span<T> scratch, Span<T> parameterGradients, bool withInput);

    /// <summary>Segment <paramref name="segment"/> of <see cref="ForwardImage"/> in place in <paramref name="buffer"/> (input at <see cref="LaneLayout.ForwardInput"/>); for networks with <see cref="BatchNorms"/>.</summary>
    static virtual void ForwardImageSegment(VectorWidth width, int segment, ReadOnlySpan<T> parameters, Span<T> buffer) => Guard.ThrowNoSegments();

    /// <summary>Segment <paramref name="segment"/> of <see cref="Forward"/>; for networks with <see cref="BatchNorms"/>.</summary>
    static virtual void ForwardSegment(VectorWidth width, int segment, ReadOnlySpan<T> parameters, Span<T> buffer) => Guard.ThrowNoSegments();

    /// <summary>Segment <paramref name="segment"/> of <see cref="ForwardTraining"/>; for networks with <see cref="BatchNorms"/>.</summary>
    static virtual void ForwardTrainingSegment(VectorWidth width, int segment, ReadOnlySpan<T> parameters, Span<T> activations) => Guard.ThrowNoSegments();

    /// <summary>
    /// Segment <paramref name="segment"/> of <see cref="Backward"/>: reads the gradient at the segment's last output and leaves it at
    /// its first input (the input gradient of segment 0 only with <paramref name="withInput"/>); for networks with <see cref="BatchNorms"/>.
    /// </summary>
    static virtual void BackwardSegment(VectorWidth width, int segment, ReadOnlySpan<T> parameters, ReadOnlySpan<T> activations, Span<T> gradients, Span<T> scratch, Span<T> parameterGradients, bool withInput) => Guard.ThrowNoSegments();
}
