using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// What one thread needs to evaluate a network: buffers over a shared set of parameters. Several
/// threads can evaluate the same weights at once, each with its own workspace; a workspace is not
/// thread-safe. Images are laid out one after another, each C×H×W row-major.
/// </summary>
/// <typeparam name="T">Element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IInferenceWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The vector width the kernels run at; a group of images fills one vector's lanes.</summary>
    VectorWidth Width { get; }

    /// <summary>Runs the network on <c>N</c> images and writes <c>N</c> rows of logits to <paramref name="outputs"/>.</summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>Returns the index of the largest logit for one image (the first on ties).</summary>
    int Predict(ReadOnlySpan<T> input);

    /// <summary>Writes the predicted class of each of <c>N</c> images to <paramref name="predictions"/>.</summary>
    void Predict(ReadOnlySpan<T> inputs, Span<int> predictions);

    /// <summary>Mean softmax cross-entropy of <c>N</c> images against their labels, as <c>nn.CrossEntropyLoss</c>; no gradients.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);
}
