using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// What one thread needs to train a network: the activations every image keeps for its backward pass,
/// their gradients and a parameter gradient accumulator, over a shared set of parameters. It evaluates
/// too, in the same buffers. Not thread-safe; a data-parallel trainer gives each thread its own.
/// </summary>
/// <typeparam name="T">Element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ITrainingWorkspace<T> : IInferenceWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Accumulated parameter gradients, in the same layout as the parameters.</summary>
    Span<T> Gradients { get; }

    /// <summary>Sets <see cref="Gradients"/> to zero.</summary>
    void ZeroGradients();

    /// <summary>
    /// For <c>N</c> images: forward pass, softmax cross-entropy against <paramref name="labels"/> and
    /// backward pass. Adds the gradient of <c>scale · Σ loss</c> to <see cref="Gradients"/>, image by image
    /// in image order (so the bits do not depend on the vector width), writes that gradient with respect
    /// to each input to <paramref name="inputGradients"/> unless it is empty, writes each image's predicted
    /// class to <paramref name="predictions"/> unless it is empty, and returns <c>Σ loss</c>. With
    /// <c>scale = 1/N</c> this is <c>nn.CrossEntropyLoss</c>'s mean reduction; a data-parallel trainer passes
    /// <c>1/batch</c> to each thread's share. Labels are checked before anything changes.
    /// </summary>
    /// <remarks>
    /// Runs in <see cref="NetworkMode.Training"/>, as <c>TrainStep</c>: dropout masks are keyed by this
    /// workspace's count of training passes. The overload with a mode says which mode and which masks.
    /// </remarks>
    T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, Span<T> inputGradients = default, Span<int> predictions = default);

    /// <summary>
    /// As the overload without a mode, in <paramref name="mode"/>: in <see cref="NetworkMode.Training"/>
    /// dropout draws the masks of <paramref name="dropout"/> (the step, and where these images lie in the
    /// step's whole batch); in <see cref="NetworkMode.Evaluation"/> every layer evaluates, as
    /// <c>module.eval()</c> followed by a backward pass. Writes the logits to <paramref name="outputs"/> unless it is empty.
    /// </summary>
    T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, NetworkMode mode, DropoutKey dropout, Span<T> inputGradients = default, Span<int> predictions = default, Span<T> outputs = default);
}
