using System.Numerics;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated;

/// <summary>
/// The contract every generated network implements, so generic code (trainers, weight files,
/// benchmarks) works over any network. Shapes are static: they are literals in the generated type.
/// A network owns its parameters and evaluates single images in buffers of its own; batched calls and
/// training run in workspaces it creates on first use (see <see cref="CreateInferenceWorkspace"/> and
/// <see cref="CreateTrainingWorkspace"/> for one per thread).
/// </summary>
/// <typeparam name="TSelf">The generated network type.</typeparam>
/// <typeparam name="T">Element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface INetwork<TSelf, T> : ITrainingWorkspace<T>
    where TSelf : class, INetwork<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Input channels (C of C×H×W).</summary>
    static abstract int InputChannels { get; }

    /// <summary>Input height (H of C×H×W).</summary>
    static abstract int InputHeight { get; }

    /// <summary>Input width (W of C×H×W).</summary>
    static abstract int InputWidth { get; }

    /// <summary>Elements in one input image, C·H·W.</summary>
    static abstract int InputLength { get; }

    /// <summary>Logits per image: the number of classes.</summary>
    static abstract int OutputLength { get; }

    /// <summary>Trainable parameters, the length of <see cref="Parameters"/>.</summary>
    static abstract int ParameterCount { get; }

    /// <summary>Multiply-adds of one forward pass for one image.</summary>
    static abstract long MultiplyAddsPerImage { get; }

    /// <summary>The parameter tensors in PyTorch <c>state_dict</c> order, with their offsets in <see cref="Parameters"/>.</summary>
    static abstract IReadOnlyList<ParameterTensor> ParameterTensors { get; }

    /// <summary>
    /// The buffers in PyTorch <c>state_dict</c> order, with their offsets in <see cref="Buffers"/>: the running statistics
    /// of batch normalisation (<c>bn1.running_mean</c>, <c>bn1.running_var</c>, <c>bn1.num_batches_tracked</c>). None by default.
    /// </summary>
    static virtual IReadOnlyList<ParameterTensor> BufferTensors => [];

    /// <summary>A model summary: one line per layer with its output shape and parameter count.</summary>
    static abstract string Summary { get; }

    /// <summary>The loss the network trains with, chosen on <see cref="NetworkAttribute.Loss"/>; cross-entropy unless declared otherwise.</summary>
    static virtual LossFunction LossFunction => LossFunction.CrossEntropy;

    /// <summary>
    /// Creates a network with PyTorch's default initialisation drawn from <paramref name="seed"/>, its kernels at
    /// <paramref name="width"/> (by default the widest this processor accelerates).
    /// </summary>
    static abstract TSelf Create(int seed, VectorWidth? width = null);

    /// <summary>All parameters, one flat vector in <c>state_dict</c> order (see <see cref="ParameterTensors"/>).</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// The buffers, outside <see cref="Parameters"/>: no optimizer or weight decay sees them. A batch normalisation
    /// layer's running mean and variance and its count of batches (a whole number held in the element type). Empty by default.
    /// </summary>
    Span<T> Buffers => default;

    /// <summary>Re-draws every parameter with PyTorch's default initialisation from <paramref name="seed"/>.</summary>
    void ResetParameters(int seed);

    /// <summary>
    /// Creates buffers for batched evaluation over this network's parameters, for another thread;
    /// <paramref name="width"/> defaults to the network's <see cref="IInferenceWorkspace{T}.Width"/>.
    /// </summary>
    IInferenceWorkspace<T> CreateInferenceWorkspace(VectorWidth? width = null);

    /// <summary>
    /// Creates buffers for training over this network's parameters, for another thread;
    /// <paramref name="width"/> defaults to the network's <see cref="IInferenceWorkspace{T}.Width"/>.
    /// </summary>
    ITrainingWorkspace<T> CreateTrainingWorkspace(VectorWidth? width = null);

    /// <summary>
    /// One training step on a batch: zero the gradients, forward, mean softmax cross-entropy,
    /// backward, and <paramref name="optimizer"/>'s update. Returns the mean loss.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, IOptimizer<T> optimizer);
}
