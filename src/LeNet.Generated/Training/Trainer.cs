using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using LeNet.Generated.Initialization;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Training;

/// <summary>
/// Trains any generated network with mini-batch gradient descent, data-parallel: each batch is
/// split between <see cref="TrainingOptions.Threads"/> threads, each with its own workspace and
/// gradient buffer over the shared parameters; their gradients are summed (in a fixed order, so a
/// run is deterministic for a seed and a thread count) and the optimizer takes one step. All
/// buffers are allocated here; a step allocates nothing.
/// </summary>
public sealed class Trainer<TNetwork, T> : IDisposable
    where TNetwork : class, INetwork<TNetwork, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITrainingWorkspace<T>[] _workspaces;
    private readonly WorkerPool _pool;
    private readonly T[] _batch;
    private readonly int[] _labels;
    private readonly int[] _predictions;
    private readonly T[] _gradients;
    private readonly T[] _losses;
    private readonly Action<int> _accumulate;
    private readonly Action<int> _reduce;
    private readonly double _baseLearningRate;
    private int[] _order = [];
    private int _count;

    /// <summary>Prepares training of <paramref name="network"/> with <paramref name="optimizer"/>, whose learning rate is the schedule's base.</summary>
    public Trainer(TNetwork network, IOptimizer<T> optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.ParameterCount(optimizer.ParameterCount, TNetwork.ParameterCount, nameof(optimizer));
        if (TNetwork.LossFunction != LossFunction.CrossEntropy)
        {
            // The trainer's data are labelled images; a loss against targets would fail at the first step.
            throw new ArgumentException($"The trainer trains with class labels, but {typeof(TNetwork).Name}'s loss is {TNetwork.LossFunction}, which reads a target per output; train it with its TrainStep(inputs, targets, optimizer).", nameof(network));
        }

        Network = network;
        Optimizer = optimizer;
        Options = options;
        _baseLearningRate = double.CreateChecked(optimizer.LearningRate);
        _workspaces = new ITrainingWorkspace<T>[options.Threads];
        _workspaces[0] = network;
        for (int i = 1; i < _workspaces.Length; i++)
        {
            _workspaces[i] = network.CreateTrainingWorkspace();
        }

        _pool = new WorkerPool(options.Threads);
        _batch = new T[options.BatchSize * TNetwork.InputLength];
        _labels = new int[options.BatchSize];
        _predictions = new int[options.BatchSize];
        _gradients = new T[TNetwork.ParameterCount];
        _losses = new T[options.Threads];
        _accumulate = Accumulate;
        _reduce = Reduce;
    }

    /// <summary>The network being trained.</summary>
    public TNetwork Network { get; }

    /// <summary>The optimizer; its learning rate is set by the schedule before every step.</summary>
    public IOptimizer<T> Optimizer { get; }

    /// <summary>The options of the run.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Epochs completed; set it when resuming from a checkpoint taken after that many epochs.</summary>
    public int Epoch { get; set; }

    /// <summary>
    /// Steps already taken in epoch <see cref="Epoch"/> + 1: none between epochs; after a cancelled
    /// <see cref="TrainEpoch"/>, where it stopped. Set it with <see cref="Epoch"/> to resume mid-epoch:
    /// the next <see cref="TrainEpoch"/> skips the steps taken, since the image order depends only on the seed and the epoch.
    /// </summary>
    public EpochProgress Progress { get; set; }

    /// <summary>
    /// Trains one epoch over <paramref name="data"/> in an order drawn from the seed and the epoch number,
    /// from step <see cref="Progress"/>.Step + 1. <paramref name="cancellationToken"/> is checked before each
    /// step (reading it allocates nothing): a cancellation requested during a step stops training once
    /// that step is applied.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="TrainingCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled; <see cref="Progress"/> holds the steps taken.
    /// </exception>
    public EpochResult TrainEpoch(LabeledImages<T> data, Action<TrainingStep>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.Length(data.ImageLength, TNetwork.InputLength, "data.ImageLength");
        if (_order.Length != data.Count)
        {
            _order = new int[data.Count];
        }

        Shuffle(_order, Options.Seed, Epoch);
        int epoch = Epoch + 1;
        int steps = (data.Count + Options.BatchSize - 1) / Options.BatchSize;
        EpochProgress start = Progress;
        if (start.Step < 0 || start.Step > steps)
        {
            throw new InvalidOperationException($"Progress.Step is {start.Step}, but an epoch of {data.Count} images in batches of {Options.BatchSize} has {steps} steps; expected 0 to {steps}.");
        }

        double lossSum = start.LossSum;
        int correct = start.Correct;
        var clock = Stopwatch.StartNew();
        for (int step = start.Step; step < steps; step++)
        {
            // Only between steps, so that a step is applied whole or not at all.
            if (cancellationToken.IsCancellationRequested)
            {
                Progress = new EpochProgress(step, lossSum, correct);
                throw new TrainingCanceledException(epoch, step, steps, cancellationToken);
            }

            int first = step * Options.BatchSize;
            int count = Math.Min(Options.BatchSize, data.Count - first);
            for (int i = 0; i < count; i++)
            {
                int index = _order[first + i];
                data.Image(index).CopyTo(_batch.AsSpan(i * TNetwork.InputLength, TNetwork.InputLength));
                _labels[i] = data.Labels[index];
            }

            double rate = _baseLearningRate * Options.Schedule.Factor(Epoch, (double)step / steps, Options.Epochs);
            Optimizer.LearningRate = T.CreateTruncating(rate);
            double loss = Step(_batch.AsSpan(0, count * TNetwork.InputLength), _labels.AsSpan(0, count));
            if (!double.IsFinite(loss))
            {
                throw new TrainingDivergedException(epoch, step + 1, loss);
            }

            lossSum += loss * count;
            for (int i = 0; i < count; i++)
            {
                correct += _predictions[i] == _labels[i] ? 1 : 0;
            }

            onStep?.Invoke(new TrainingStep(epoch, step + 1, steps, first + count, loss, rate));
        }

        Epoch = epoch;
        Progress = default;
        int trained = data.Count - Math.Min(data.Count, start.Step * Options.BatchSize);
        return new EpochResult(epoch, lossSum / data.Count, (double)correct / data.Count, clock.Elapsed, trained);
    }

    /// <summary>
    /// One data-parallel step on a batch: gradients of the mean loss on every thread's share, summed,
    /// and one optimizer update. Returns the mean loss. Allocates nothing.
    /// </summary>
    public double Step(ReadOnlySpan<T> images, ReadOnlySpan<int> labels)
    {
        _count = Guard.Count(images.Length, TNetwork.InputLength, nameof(images));
        Guard.Labels(labels, _count, TNetwork.OutputLength, nameof(labels));
        if (_count > Options.BatchSize)
        {
            throw new ArgumentException($"Expected at most {Options.BatchSize} images (the batch size), but got {_count}.", nameof(images));
        }

        if (!images.Overlaps(_batch))
        {
            images.CopyTo(_batch);
        }

        if (!labels.Overlaps(_labels))
        {
            labels.CopyTo(_labels);
        }

        _pool.Run(_accumulate);
        ReadOnlySpan<T> gradients = _workspaces[0].Gradients;
        if (_workspaces.Length > 1)
        {
            _pool.Run(_reduce);
            gradients = _gradients;
        }

        Optimizer.Step(Network.Parameters, gradients);
        T loss = T.Zero;
        foreach (T share in _losses)
        {
            loss += share;
        }

        return double.CreateTruncating(loss) / _count;
    }

    /// <summary>Classifies every image of <paramref name="data"/> on all threads.</summary>
    public Evaluation Evaluate(LabeledImages<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.Length(data.ImageLength, TNetwork.InputLength, "data.ImageLength");
        var predictions = new int[data.Count];
        int threads = _workspaces.Length;
        _pool.Run(thread =>
        {
            (int first, int count) = WorkerPool.Share(data.Count, thread, threads);
            const int chunk = 256;
            for (int done = 0; done < count; done += chunk)
            {
                int n = Math.Min(chunk, count - done);
                _workspaces[thread].Predict(data.Images.AsSpan((first + done) * TNetwork.InputLength, n * TNetwork.InputLength), predictions.AsSpan(first + done, n));
            }
        });

        var confusion = new int[TNetwork.OutputLength, TNetwork.OutputLength];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            confusion[data.Labels[i], predictions[i]]++;
            correct += data.Labels[i] == predictions[i] ? 1 : 0;
        }

        return new Evaluation(correct, data.Count, confusion);
    }

    /// <inheritdoc />
    public void Dispose() => _pool.Dispose();

    /// <summary>The identity permutation shuffled (Fisher–Yates) by a generator seeded from the run's seed and the epoch.</summary>
    private static void Shuffle(int[] order, int seed, int epoch)
    {
        var random = new Xoshiro256(((ulong)(uint)seed << 32) | (uint)epoch);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt32(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private void Accumulate(int thread)
    {
        ITrainingWorkspace<T> workspace = _workspaces[thread];
        workspace.ZeroGradients();
        (int first, int count) = WorkerPool.Share(_count, thread, _workspaces.Length);
        _losses[thread] = count == 0 ? T.Zero : workspace.AccumulateGradients(
            _batch.AsSpan(first * TNetwork.InputLength, count * TNetwork.InputLength),
            _labels.AsSpan(first, count),
            T.One / T.CreateTruncating(_count),
            default,
            _predictions.AsSpan(first, count));
    }

    /// <summary>Sums the workspaces' gradients into one buffer, each thread over its own range of parameters.</summary>
    private void Reduce(int thread)
    {
        (int first, int count) = WorkerPool.Share(_gradients.Length, thread, _workspaces.Length);
        Span<T> sum = _gradients.AsSpan(first, count);
        _workspaces[0].Gradients.Slice(first, count).CopyTo(sum);
        for (int w = 1; w < _workspaces.Length; w++)
        {
            ReadOnlySpan<T> share = _workspaces[w].Gradients.Slice(first, count);
            Span<Vector<T>> sums = MemoryMarshal.Cast<T, Vector<T>>(sum);
            ReadOnlySpan<Vector<T>> shares = MemoryMarshal.Cast<T, Vector<T>>(share);
            for (int i = 0; i < sums.Length; i++)
            {
                sums[i] += shares[i];
            }

            for (int i = sums.Length * Vector<T>.Count; i < sum.Length; i++)
            {
                sum[i] += share[i];
            }
        }
    }
}
