using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// One thread's buffers for evaluating batches over a network's parameters: a lane group's activations
/// in two alternating regions (no layer's output is kept longer than the next layer needs it), nothing
/// for gradients. Allocated once, here; a call allocates nothing. Not thread-safe.
/// </summary>
/// <typeparam name="TKernels">The generated network's kernels, e.g. <c>LeNet5.Kernels</c>.</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public sealed class InferenceWorkspace<TKernels, T> : IInferenceWorkspace<T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly AlignedArray<T> _buffer;
    private readonly T[] _buffers;

    /// <summary>Creates the buffers over <paramref name="parameters"/> (the network's, shared, not copied).</summary>
    /// <remarks>A network with batch normalisation evaluates with the running statistics in <paramref name="buffers"/> (the network's, shared), or with fresh ones when none are given.</remarks>
    public InferenceWorkspace(T[] parameters, VectorWidth? width = null, T[]? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.Length(parameters.Length, TKernels.ParameterCount, nameof(parameters));
        _parameters = parameters;
        _buffers = NetworkBuffers<TKernels, T>.Check(buffers, nameof(buffers));
        Width = VectorWidths.Check(width, nameof(width));
        _buffer = new AlignedArray<T>(Evaluation<TKernels, T>.BufferLength(Width));
    }

    /// <inheritdoc />
    public VectorWidth Width { get; }

    /// <summary>Bytes a workspace of <paramref name="width"/> allocates for its buffers.</summary>
    public static long BufferBytes(VectorWidth width) => AlignedArray<T>.Bytes(Evaluation<TKernels, T>.BufferLength(width));

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.Length(outputs.Length, count * TKernels.OutputLength, nameof(outputs));
        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _buffer.Span, outputs, default, default);
    }

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<T> input)
    {
        Guard.Length(input.Length, TKernels.InputLength, nameof(input));
        Span<int> prediction = stackalloc int[1];
        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, input, _buffer.Span, default, prediction, default);
        return prediction[0];
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<T> inputs, Span<int> predictions)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.Length(predictions.Length, count, nameof(predictions));
        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _buffer.Span, default, predictions, default);
    }

    /// <inheritdoc />
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: true, nameof(labels));
        Guard.Labels(labels, count, TKernels.OutputLength, nameof(labels));
        return Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _buffer.Span, default, default, labels) / T.CreateTruncating(count);
    }

    /// <summary>The mean loss of the images of <paramref name="inputs"/> against <paramref name="targets"/>, OutputLength per image, for a network whose loss reads targets.</summary>
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: false, nameof(targets));
        Guard.Targets(targets.Length, count, TKernels.OutputLength, nameof(targets));
        return Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _buffer.Span, default, default, default, targets) / T.CreateTruncating(count);
    }
}
