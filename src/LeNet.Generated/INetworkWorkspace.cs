using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// What one thread needs to run a network: activation buffers and a gradient accumulator over a
/// shared set of parameters. A generated network implements this over its own default buffers and
/// hands out further workspaces from <see cref="INetwork{TSelf, T}.CreateWorkspace"/>, so several
/// threads can run the same weights at once. A workspace is not thread-safe; each thread uses its own.
/// </summary>
/// <typeparam name="T">Element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface INetworkWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Accumulated parameter gradients, in the same layout as the parameters.</summary>
    Span<T> Gradients { get; }

    /// <summary>Sets <see cref="Gradients"/> to zero.</summary>
    void ZeroGradients();

    /// <summary>
    /// Runs the network on <c>N</c> images laid out one after another (each C×H×W, row-major) and
    /// writes <c>N</c> rows of logits to <paramref name="outputs"/>.
    /// </summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>Returns the index of the largest logit for one image.</summary>
    int Predict(ReadOnlySpan<T> input);

    /// <summary>Writes the predicted class of each of <c>N</c> images to <paramref name="predictions"/>.</summary>
    void Predict(ReadOnlySpan<T> inputs, Span<int> predictions);

    /// <summary>Mean softmax cross-entropy of <c>N</c> images against their labels, without gradients.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (∂loss/∂logits) through the activations of
    /// the preceding single-image <see cref="Forward"/> call, adds the parameter gradients to
    /// <see cref="Gradients"/> and, if <paramref name="inputGradient"/> is not empty, writes ∂loss/∂input.
    /// </summary>
    void Backward(ReadOnlySpan<T> outputGradient, Span<T> inputGradient);

    /// <summary>
    /// For <c>N</c> images: forward pass, softmax cross-entropy against <paramref name="labels"/> and
    /// backward pass. Adds the gradient of <c>scale · Σ loss</c> to <see cref="Gradients"/>, writes
    /// that gradient with respect to each input to <paramref name="inputGradients"/> if it is not
    /// empty, and returns <c>Σ loss</c>. With <c>scale = 1/N</c> this is <c>nn.CrossEntropyLoss</c>'s
    /// mean reduction; a data-parallel trainer passes <c>1/batch</c> to each slice of a batch.
    /// If <paramref name="predictions"/> is not empty, it receives each image's predicted class.
    /// </summary>
    T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, Span<T> inputGradients = default, Span<int> predictions = default);
}
