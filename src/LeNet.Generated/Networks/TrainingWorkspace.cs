using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// One thread's buffers for training over a network's parameters: a lane group's activations, all kept
/// for the backward pass; their gradients in two alternating regions; the backward pass's scratch; and
/// the parameter gradient accumulator. It evaluates in the same buffers. Allocated once, here; a call
/// allocates nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// A batch runs as whole lane groups at <see cref="Width"/>, then the images left over at each narrower
/// width down to one image at a time. Every width does the same operations on each image and adds the
/// parameter gradients image by image in image order, so a run's bits do not depend on the width (on
/// processors with fused multiply-add).
/// </remarks>
/// <typeparam name="TKernels">The generated network's kernels, e.g. <c>LeNet5.Kernels</c>.</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public sealed partial class TrainingWorkspace<TKernels, T> : ITrainingWorkspace<T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients = new T[TKernels.ParameterCount];
    private AlignedArray<T> _activations;
    private AlignedArray<T> _activationGradients;
    private readonly AlignedArray<T> _scratch;
    private readonly T[] _buffers;
    private bool _hasSingleForward;
    private long _passes;

    /// <summary>Creates the buffers over <paramref name="parameters"/> (the network's, shared, not copied).</summary>
    /// <remarks>
    /// A network with batch normalisation reads and updates the running statistics in <paramref name="buffers"/>
    /// (the network's, shared), or in fresh ones when none are given.
    /// </remarks>
    public TrainingWorkspace(T[] parameters, VectorWidth? width = null, T[]? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.Length(parameters.Length, TKernels.ParameterCount, nameof(parameters));
        _parameters = parameters;
        _buffers = NetworkBuffers<TKernels, T>.Check(buffers, nameof(buffers));
        _statistics = TKernels.BatchNorms.IsEmpty ? [] : new double[StatisticsLength];
        Width = VectorWidths.Check(width, nameof(width));
        (int activations, int gradients, int scratch) = Lengths(Width);
        _activations = new AlignedArray<T>(activations);
        _activationGradients = new AlignedArray<T>(gradients);
        _scratch = new AlignedArray<T>(scratch);
    }

    /// <inheritdoc />
    public VectorWidth Width { get; }

    /// <inheritdoc />
    public Span<T> Gradients => _gradients;

    /// <summary>
    /// Bytes a workspace of <paramref name="width"/> allocates for its buffers and its parameter gradients (with batch norms,
    /// for one lane group's pass: a larger pass grows the activations and their gradients once).
    /// </summary>
    public static long BufferBytes(VectorWidth width)
    {
        (int activations, int gradients, int scratch) = Lengths(width);
        return AlignedArray<T>.Bytes(activations) + AlignedArray<T>.Bytes(gradients) + AlignedArray<T>.Bytes(scratch) + ((long)TKernels.ParameterCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
            + (TKernels.BatchNorms.IsEmpty ? 0 : (long)StatisticsLength * sizeof(double));
    }

    /// <inheritdoc />
    public void ZeroGradients() => Array.Clear(_gradients);

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.Length(outputs.Length, count * TKernels.OutputLength, nameof(outputs));
        if (count == 1 && !TKernels.BatchNorms.IsEmpty)
        {
            ForwardKept(inputs, outputs);
            _hasSingleForward = true;
            return;
        }

        if (count == 1)
        {
            // One image keeps its activations, for a Backward with a loss of the caller's choosing.
            LaneLayout layout = TKernels.Layout;
            Span<T> a = _activations.Span[..layout.ActivationLength];
            inputs.CopyTo(a.Slice(layout.ActivationInput, TKernels.InputLength));
            DropoutMasks.Fill<T>(TKernels.Dropouts, a, 1, NetworkMode.Evaluation, default);
            TKernels.ForwardTraining(VectorWidth.Scalar, _parameters, a);
            a.Slice(layout.ActivationOutput, TKernels.OutputLength).CopyTo(outputs);
            _hasSingleForward = true;
            return;
        }

        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _activations.Span, outputs, default, default);
        _hasSingleForward = false;
    }

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<T> input)
    {
        Guard.Length(input.Length, TKernels.InputLength, nameof(input));
        Span<int> prediction = stackalloc int[1];
        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, input, _activations.Span, default, prediction, default);
        _hasSingleForward = false;
        return prediction[0];
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<T> inputs, Span<int> predictions)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.Length(predictions.Length, count, nameof(predictions));
        Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _activations.Span, default, predictions, default);
        _hasSingleForward = false;
    }

    /// <inheritdoc />
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: true, nameof(labels));
        Guard.Labels(labels, count, TKernels.OutputLength, nameof(labels));
        _hasSingleForward = false;
        return Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _activations.Span, default, default, labels) / T.CreateTruncating(count);
    }

    /// <summary>The mean loss of the images of <paramref name="inputs"/> against <paramref name="targets"/>, OutputLength per image, for a network whose loss reads targets.</summary>
    public T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: false, nameof(targets));
        Guard.Targets(targets.Length, count, TKernels.OutputLength, nameof(targets));
        _hasSingleForward = false;
        return Evaluation<TKernels, T>.Run(Width, _parameters, _buffers, inputs, _activations.Span, default, default, default, targets) / T.CreateTruncating(count);
    }

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (∂loss/∂logits, for a loss of the caller's choosing)
    /// through the activations of the preceding single-image <see cref="Forward"/> on this workspace, adds
    /// the parameter gradients to <see cref="Gradients"/> and, if <paramref name="inputGradient"/> is not
    /// empty, writes ∂loss/∂input to it.
    /// </summary>
    public void Backward(ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
    {
        if (!_hasSingleForward)
        {
            Guard.ThrowNoForward();
        }

        Guard.Length(outputGradient.Length, TKernels.OutputLength, nameof(outputGradient));
        bool withInput = !inputGradient.IsEmpty;
        if (withInput)
        {
            Guard.Length(inputGradient.Length, TKernels.InputLength, nameof(inputGradient));
        }

        if (!TKernels.BatchNorms.IsEmpty)
        {
            BackwardKept(outputGradient, inputGradient);
            return;
        }

        LaneLayout layout = TKernels.Layout;
        Span<T> da = _activationGradients.Span[..layout.GradientLength];
        outputGradient.CopyTo(da.Slice(layout.GradientOutput, TKernels.OutputLength));
        TKernels.Backward(VectorWidth.Scalar, _parameters, _activations.Span[..layout.ActivationLength], da, _scratch.Span[..layout.ScratchLength], _gradients, withInput);
        if (withInput)
        {
            da.Slice(layout.GradientInput, TKernels.InputLength).CopyTo(inputGradient);
        }
    }

    /// <inheritdoc />
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, Span<T> inputGradients = default, Span<int> predictions = default) =>
        AccumulateGradients(inputs, labels, scale, NetworkMode.Training, DropoutKey.ForStep(0, 0, _passes), inputGradients, predictions);

    /// <inheritdoc />
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, T scale, NetworkMode mode, DropoutKey dropout, Span<T> inputGradients = default, Span<int> predictions = default, Span<T> outputs = default)
    {
        Guard.Mode(mode, nameof(mode));
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: true, nameof(labels));
        Guard.Labels(labels, count, TKernels.OutputLength, nameof(labels));
        return Accumulate(inputs, labels, default, count, new Pass(scale, mode, dropout, inputGradients, predictions, outputs));
    }

    /// <summary>
    /// <see cref="AccumulateGradients(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T}, Span{int})"/> for a network whose
    /// loss reads targets (<see cref="LossFunction.MeanSquaredError"/>, <see cref="LossFunction.BinaryCrossEntropyWithLogits"/>):
    /// <paramref name="targets"/> holds OutputLength values per image, one image after another, and each image's loss
    /// is the mean over its outputs, so <c>scale = 1/N</c> gives PyTorch's mean over all N × OutputLength elements.
    /// </summary>
    public T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T scale, Span<T> inputGradients = default, Span<int> predictions = default)
    {
        int count = Guard.Count(inputs.Length, TKernels.InputLength, nameof(inputs));
        Guard.LossReads(TKernels.Loss, labels: false, nameof(targets));
        Guard.Targets(targets.Length, count, TKernels.OutputLength, nameof(targets));
        return Accumulate(inputs, default, targets, count, new Pass(scale, NetworkMode.Training, DropoutKey.ForStep(0, 0, _passes), inputGradients, predictions, default));
    }

    private T Accumulate(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, ReadOnlySpan<T> targets, int count, in Pass pass)
    {
        Span<T> inputGradients = pass.InputGradients, outputs = pass.Outputs;
        Span<int> predictions = pass.Predictions;
        if (!inputGradients.IsEmpty)
        {
            Guard.Length(inputGradients.Length, inputs.Length, nameof(inputGradients));
        }

        if (!predictions.IsEmpty)
        {
            Guard.Length(predictions.Length, count, nameof(predictions));
        }

        if (!outputs.IsEmpty)
        {
            Guard.Length(outputs.Length, count * TKernels.OutputLength, nameof(outputs));
        }

        if (pass.Mode == NetworkMode.Training)
        {
            BatchNorm.CheckValues(TKernels.BatchNorms, count, "inputs");
        }

        _hasSingleForward = false;
        if (pass.Mode == NetworkMode.Training)
        {
            _passes++;
        }

        if (!TKernels.BatchNorms.IsEmpty)
        {
            return Segmented(inputs, labels, targets, count, pass);
        }

        T loss = T.Zero;
        int n = 0;
        for (VectorWidth? next = Width; next is { } width; next = VectorWidths.Narrower(width))
        {
            int lanes = VectorWidths.Lanes<T>(width);
            for (; n + lanes <= count; n += lanes)
            {
                loss = Group(width, lanes, n, inputs, labels, targets, pass, loss);
            }
        }

        return loss;
    }

    /// <summary>Forward, loss and backward of the <paramref name="lanes"/> images from <paramref name="first"/> at <paramref name="width"/>.</summary>
    private T Group(VectorWidth width, int lanes, int first, ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, ReadOnlySpan<T> targets, in Pass pass, T loss)
    {
        Span<T> inputGradients = pass.InputGradients;
        Span<int> predictions = pass.Predictions;
        int input = TKernels.InputLength, output = TKernels.OutputLength;
        LaneLayout layout = TKernels.Layout;
        Span<T> a = _activations.Span[..(layout.ActivationLength * lanes)];
        Span<T> da = _activationGradients.Span[..(layout.GradientLength * lanes)];
        Lanes.Gather(inputs.Slice(first * input, lanes * input), input, a.Slice(layout.ActivationInput * lanes, input * lanes), lanes);
        if (TKernels.Dropouts.Length > 0)
        {
            DropoutMasks.Fill<T>(TKernels.Dropouts, a, lanes, pass.Mode, pass.Dropout.From(first));
        }

        TKernels.ForwardTraining(width, _parameters, a);
        Span<T> logits = a.Slice(layout.ActivationOutput * lanes, output * lanes);
        if (!pass.Outputs.IsEmpty)
        {
            Lanes.Scatter<T>(logits, pass.Outputs.Slice(first * output, lanes * output), output, lanes);
        }

        if (!predictions.IsEmpty)
        {
            Lanes.ArgMax<T>(logits, lanes, predictions.Slice(first, lanes));
        }

        Span<T> outputGradient = da.Slice(layout.GradientOutput * lanes, output * lanes);
        loss = TKernels.Loss == LossFunction.CrossEntropy
            ? Lanes.SoftmaxCrossEntropy<T>(logits, lanes, labels.Slice(first, lanes), pass.Scale, outputGradient, loss)
            : Losses.TargetLosses.LossAndGradient<T>(TKernels.Loss, logits, lanes, targets.Slice(first * output, lanes * output), pass.Scale, outputGradient, loss);
        bool withInput = !inputGradients.IsEmpty;
        TKernels.Backward(width, _parameters, a, da, _scratch.Span[..(layout.ScratchLength * lanes)], _gradients, withInput);
        if (withInput)
        {
            Lanes.Scatter<T>(da.Slice(layout.GradientInput * lanes, input * lanes), inputGradients.Slice(first * input, lanes * input), input, lanes);
        }

        return loss;
    }

    /// <summary>Elements of the three buffers at <paramref name="width"/>: activations (also the evaluation buffer), their gradients, scratch.</summary>
    private static (int Activations, int Gradients, int Scratch) Lengths(VectorWidth width)
    {
        int lanes = VectorWidths.Lanes<T>(width);
        LaneLayout layout = TKernels.Layout;
        return (
            Math.Max(layout.ActivationLength * lanes, Evaluation<TKernels, T>.BufferLength(width)),
            layout.GradientLength * lanes,
            layout.ScratchLength * lanes);
    }

    /// <summary>What one AccumulateGradients call asks of each of its lane groups.</summary>
    private readonly ref struct Pass(T scale, NetworkMode mode, DropoutKey dropout, Span<T> inputGradients, Span<int> predictions, Span<T> outputs)
    {
        public T Scale { get; } = scale;

        public NetworkMode Mode { get; } = mode;

        public DropoutKey Dropout { get; } = dropout;

        public Span<T> InputGradients { get; } = inputGradients;

        public Span<int> Predictions { get; } = predictions;

        public Span<T> Outputs { get; } = outputs;
    }
}
