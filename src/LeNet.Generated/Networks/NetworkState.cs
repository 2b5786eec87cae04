using System.Numerics;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated;

/// <summary>
/// What a generated network holds and does, written once for every network: its parameters, one
/// image's buffers, and the workspaces it creates on first use for batches and for training. The
/// generated class forwards its public members here.
/// </summary>
/// <remarks>
/// Construction allocates the parameters and what one image's evaluation needs, nothing more
/// (<see cref="InstanceBytes"/>). The first batched evaluation allocates an
/// <see cref="InferenceWorkspace{TKernels, T}"/>, the first training call a
/// <see cref="TrainingWorkspace{TKernels, T}"/>; neither allocates again.
/// </remarks>
/// <typeparam name="TKernels">The generated network's kernels, e.g. <c>LeNet5.Kernels</c>.</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public sealed class NetworkState<TKernels, T> : ITrainingWorkspace<T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters = new T[TKernels.ParameterCount];
    private readonly T[] _image = new T[TKernels.ImageBufferLength + TKernels.OutputLength];
    private readonly T[] _buffers = NetworkBuffers<TKernels, T>.Create();
    private InferenceWorkspace<TKernels, T>? _inference;
    private TrainingWorkspace<TKernels, T>? _training;
    private readonly int _seed;

    /// <summary>Creates the parameters with PyTorch's default initialisation drawn from <paramref name="seed"/>.</summary>
    public NetworkState(int seed, VectorWidth? width = null)
    {
        Width = VectorWidths.Check(width, nameof(width));
        _seed = seed;
        TKernels.ResetParameters(_parameters, seed);
    }

    /// <summary>Bytes a network allocates when it is created: its parameters and one image's buffers (the object headers aside).</summary>
    public static long InstanceBytes => ((long)TKernels.ParameterCount + TKernels.BufferCount + TKernels.ImageBufferLength + TKernels.OutputLength) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <inheritdoc />
    public VectorWidth Width { get; }

    /// <summary>All parameters, one flat vector in <c>state_dict</c> order.</summary>
    public Span<T> Parameters => _parameters;

    /// <summary>
    /// The buffers of the batch normalisation layers, outside the parameters (no optimizer sees them): each layer's
    /// <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c>, in <c>state_dict</c> order. Empty without them.
    /// </summary>
    public Span<T> Buffers => _buffers;

    /// <inheritdoc />
    public Span<T> Gradients => Training.Gradients;

    private InferenceWorkspace<TKernels, T> Inference => _inference ??= CreateInferenceWorkspace();

    private TrainingWorkspace<TKernels, T> Training => _training ??= CreateTrainingWorkspace();

    /// <summary>Re-draws every parameter with PyTorch's default initialisation from <paramref name="seed"/>.</summary>
    /// <remarks>As PyTorch's <c>reset_parameters</c>, the running statistics of batch normalisation start again too.</remarks>
    public void ResetParameters(int seed)
    {
        TKernels.ResetParameters(_parameters, seed);
        BatchNorm.ResetBuffers<T>(TKernels.BatchNorms, _buffers);
    }

    /// <summary>Creates buffers for batched evaluation over these parameters, for another thread.</summary>
    public InferenceWorkspace<TKernels, T> CreateInferenceWorkspace(VectorWidth? width = null) => new(_parameters, width ?? Width, _buffers);

    /// <summary>Creates buffers for training over these parameters, for another thread.</summary>
    public TrainingWorkspace<TKernels, T> CreateTrainingWorkspace(VectorWidth? width = null) => new(_parameters, width ?? Width, _buffers);

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<T> input)
    {
        Guard.Length(input.Length, TKernels.InputLength, nameof(input));
        Span<T> logits = _image.AsSpan(TKernels.ImageBufferLength, TKernels.OutputLength);
        Evaluation<TKernels, T>.Image(Width, _parameters, _buffers, input, _image.AsSpan(0, TKernels.ImageBufferLength), logits);
        return Logits.ArgMax<T>(logits);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<T> inputs, Span<int> predictions)
    {
        if (inputs.Length == TKernels.InputLength && predictions.Length == 1)
        {
            predictions[0] = Predict(inputs);
            return;
        }

        Inference.Predict(inputs, predictions);
    }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        if (inputs.Length == TKernels.InputLength && outputs.Length == TKernels.OutputLength)
        {
            Evaluation<TKernels, T>.Image(Width, _parameters, _buffers, inputs, _image.AsSpan(0, TKernels.ImageBufferLength), outputs);
            return;
        }

        Inference.Forward(inputs, outputs);
    }

    /// <inheritdoc />
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels) => Inference.Loss(inputs, labels);

    /// <inheritdoc cref="InferenceWorkspace{TKernels, T}.Loss(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets) => Inference.Loss(inputs, targets);

    /// <inheritdoc />
    public void ZeroGradients() => Training.ZeroGradients();

    /// <inheritdoc />
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, Span<T> inputGradients = default, Span<int> predictions = default) =>
        Training.AccumulateGradients(inputs, labels, scale, inputGradients, predictions);

    /// <inheritdoc />
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, NetworkMode mode, DropoutKey dropout, Span<T> inputGradients = default, Span<int> predictions = default, Span<T> outputs = default) =>
        Training.AccumulateGradients(inputs, labels, scale, mode, dropout, inputGradients, predictions, outputs);

    /// <inheritdoc cref="TrainingWorkspace{TKernels, T}.AccumulateGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{int})"/>
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T scale, Span<T> inputGradients = default, Span<int> predictions = default) =>
        Training.AccumulateGradients(inputs, targets, scale, inputGradients, predictions);

    /// <summary>
    /// One training step on a batch: zero the gradients, forward, mean softmax cross-entropy, backward,
    /// and <paramref name="optimizer"/>'s update of the parameters. Returns the mean loss. Runs in
    /// <see cref="NetworkMode.Training"/>; the dropout masks of a network created with seed s are those of
    /// <c>DropoutKey.ForStep(s, 0, n)</c>, n the optimizer's <see cref="IOptimizer{T}.Steps"/> (which a checkpoint keeps).
    /// </summary>
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, IOptimizer<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Guard.ParameterCount(optimizer.ParameterCount, TKernels.ParameterCount, nameof(optimizer));
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        TrainingWorkspace<TKernels, T> training = Training;
        training.ZeroGradients();
        T loss = training.AccumulateGradients(inputs, labels, T.One / T.CreateTruncating(count), NetworkMode.Training, DropoutKey.ForStep(_seed, 0, optimizer.Steps));
        optimizer.Step(_parameters, training.Gradients);
        return loss / T.CreateTruncating(count);
    }

    /// <summary>
    /// One training step for a network whose loss reads targets: zero the gradients, forward, the mean loss over
    /// all N × OutputLength <paramref name="targets"/> (PyTorch's 'mean'), backward, and <paramref name="optimizer"/>'s update.
    /// Returns the mean loss.
    /// </summary>
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, IOptimizer<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Guard.ParameterCount(optimizer.ParameterCount, TKernels.ParameterCount, nameof(optimizer));
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        TrainingWorkspace<TKernels, T> training = Training;
        training.ZeroGradients();
        T loss = training.AccumulateGradients(inputs, targets, T.One / T.CreateTruncating(count));
        optimizer.Step(_parameters, training.Gradients);
        return loss / T.CreateTruncating(count);
    }
}
