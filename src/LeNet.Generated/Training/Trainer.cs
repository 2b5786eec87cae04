using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using LeNet.Generated.Initialization;
using LeNet.Generated.Optimizers;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Training;

/// <summary>
/// Trains any generated network with mini-batch gradient descent, data-parallel: each batch is
/// split between <see cref="TrainingOptions.Threads"/> threads, each with its own workspace and
/// gradient buffer over the shared parameters; their gradients are summed (in a fixed order, so a
/// run is deterministic for a seed and a thread count) and the optimizer takes one step. All
/// buffers are allocated here; a step allocates nothing. Steps run in <see cref="NetworkMode.Training"/>,
/// <see cref="Evaluate"/> in <see cref="NetworkMode.Evaluation"/>, as PyTorch's <c>model.train()</c> and <c>model.eval()</c>.
/// </summary>
public sealed class Trainer<TNetwork, T> : IDisposable
    where TNetwork : class, INetwork<TNetwork, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITrainingWorkspace<T>[] _workspaces;
    private readonly WorkerPool _pool;
    private readonly T[] _batch;
    private readonly int[] _labels;
    private readonly int[] _indices;
    private readonly int[] _shifts;
    private readonly int[] _predictions;
    private readonly T[] _gradients;
    private readonly T[] _losses;
    private readonly T[][] _updated;
    private readonly Action<int> _accumulate;
    private readonly Action<int> _reduceAndUpdate;
    private readonly double _baseLearningRate;
    private int[] _order = [];
    private LabeledImages<T>? _source; // during an epoch's step: the threads copy the batch from it
    private int _count;
    private DropoutKey _dropout;
    private DropoutKey? _next;

    /// <summary>Parameters summed and updated at a time by <see cref="ReduceAndUpdate"/>: the chunk's sums, state and parameters stay in L1.</summary>
    private const int UpdateChunk = 2048;

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
        _indices = new int[options.BatchSize];
        _shifts = new int[2 * options.BatchSize];
        _predictions = new int[options.BatchSize];
        _gradients = new T[TNetwork.ParameterCount];
        _losses = new T[options.Threads];
        _updated = new T[options.Threads > 1 ? options.Threads : 0][]; // one thread updates in place
        for (int i = 0; i < _updated.Length; i++)
        {
            _updated[i] = new T[UpdateChunk];
        }

        _accumulate = Accumulate;
        _reduceAndUpdate = ReduceAndUpdate;
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

            // The main thread only picks the images and draws their shifts; each thread copies its share.
            int first = step * Options.BatchSize;
            int count = Math.Min(Options.BatchSize, data.Count - first);
            var shifts = new Xoshiro256(StepSeed(Options.Seed, Epoch, step));
            int range = (2 * Options.RandomShift) + 1;
            for (int i = 0; i < count; i++)
            {
                int index = _order[first + i];
                _indices[i] = index;
                _labels[i] = data.Labels[index];
                if (Options.RandomShift > 0)
                {
                    _shifts[2 * i] = shifts.NextInt32(range) - Options.RandomShift;
                    _shifts[(2 * i) + 1] = shifts.NextInt32(range) - Options.RandomShift;
                }
            }

            Guard.Labels(_labels.AsSpan(0, count), count, TNetwork.OutputLength, "data.Labels");
            double rate = _baseLearningRate * Options.Schedule.Factor(Epoch, (double)step / steps, Options.Epochs);
            Optimizer.LearningRate = T.CreateTruncating(rate);
            _next = DropoutKey.ForStep(Options.Seed, epoch, step);
            _source = data;
            double loss;
            try
            {
                loss = StepBatch(count);
            }
            finally
            {
                _source = null;
            }

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
    /// and one optimizer update, in <see cref="NetworkMode.Training"/>. Returns the mean loss. Allocates nothing.
    /// Dropout masks are those of <see cref="DropoutKey.ForStep"/> with the seed, the epoch and the step
    /// within it (so a resumed run draws the masks of an uninterrupted one), each thread's share keyed by
    /// its place in the batch (so they do not depend on the thread count); a call from outside an epoch
    /// counts as epoch -1, step <see cref="IOptimizer{T}.Steps"/>, which a checkpoint keeps, so a resumed run draws the same.
    /// </summary>
    public double Step(ReadOnlySpan<T> images, ReadOnlySpan<int> labels)
    {
        int count = Guard.Count(images.Length, TNetwork.InputLength, nameof(images));
        Guard.Labels(labels, count, TNetwork.OutputLength, nameof(labels));
        if (count > Options.BatchSize)
        {
            throw new ArgumentException($"Expected at most {Options.BatchSize} images (the batch size), but got {count}.", nameof(images));
        }

        if (!images.Overlaps(_batch))
        {
            images.CopyTo(_batch);
        }

        if (!labels.Overlaps(_labels))
        {
            labels.CopyTo(_labels);
        }

        return StepBatch(count);
    }

    /// <summary>The step on the first <paramref name="count"/> images of the batch: gradients on every thread, summed, one update.</summary>
    private double StepBatch(int count)
    {
        _count = count;
        _dropout = _next ?? DropoutKey.ForStep(Options.Seed, -1, Optimizer.Steps);
        _next = null;
        _pool.Run(_accumulate);
        if (_workspaces.Length == 1)
        {
            Optimizer.Step(Network.Parameters, _workspaces[0].Gradients);
        }
        else
        {
            _pool.Run(_reduceAndUpdate);
            Optimizer.Steps++;
        }

        T loss = T.Zero;
        foreach (T share in _losses)
        {
            loss += share;
        }

        return double.CreateTruncating(loss) / _count;
    }

    /// <summary>Classifies every image of <paramref name="data"/> on all threads, in <see cref="NetworkMode.Evaluation"/> (dropout is the identity).</summary>
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

    /// <summary>The seed of a step's random draws: a function of the run's seed, the epoch and the step alone, so a resumed run draws the same.</summary>
    private static ulong StepSeed(int seed, int epoch, int step) =>
        ((ulong)(uint)seed << 32) ^ ((ulong)(uint)epoch << 20) ^ (uint)step ^ 0x9E3779B97F4A7C15;

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
        if (_source is { } data)
        {
            Gather(data, first, count);
        }

        _losses[thread] = count == 0 ? T.Zero : workspace.AccumulateGradients(
            _batch.AsSpan(first * TNetwork.InputLength, count * TNetwork.InputLength),
            _labels.AsSpan(first, count),
            T.One / T.CreateTruncating(_count),
            NetworkMode.Training,
            _dropout.From(first),
            default,
            _predictions.AsSpan(first, count));
    }

    /// <summary>Copies images [first, first + count) of the step into the batch, each moved by its drawn shift.</summary>
    private void Gather(LabeledImages<T> data, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            Span<T> image = _batch.AsSpan(i * TNetwork.InputLength, TNetwork.InputLength);
            if (Options.RandomShift == 0)
            {
                data.Image(_indices[i]).CopyTo(image);
            }
            else
            {
                ImageShift.Copy(data.Image(_indices[i]), image, TNetwork.InputChannels, TNetwork.InputHeight, TNetwork.InputWidth, _shifts[2 * i], _shifts[(2 * i) + 1], data.Background);
            }
        }
    }

    /// <summary>
    /// Sums the workspaces' gradients and updates the parameters, each thread over its own range of
    /// parameters (blocks of 64 elements: whole cache lines), a chunk at a time so the update reads the sums from L1: the
    /// update costs a thread's share of the time a serial one would, and no pass of its own. The update runs on a
    /// private copy of the chunk, streamed back with non-temporal stores: the other threads read these parameters
    /// in the step just taken, so an ordinary store would first take each line back from their caches, one line at
    /// a time; on some placements of two virtual cores that made every step a third slower.
    /// </summary>
    private void ReduceAndUpdate(int thread)
    {
        const int block = 64;
        (int firstBlock, int blocks) = WorkerPool.Share((_gradients.Length + block - 1) / block, thread, _workspaces.Length);
        int first = firstBlock * block;
        int end = Math.Min(_gradients.Length, (firstBlock + blocks) * block);
        Span<T> parameters = Network.Parameters;
        for (int start = first; start < end; start += UpdateChunk)
        {
            int count = Math.Min(UpdateChunk, end - start);
            Reduce(start, count);
            Span<T> updated = _updated[thread].AsSpan(0, count);
            parameters.Slice(start, count).CopyTo(updated);
            Optimizer.Update(updated, _gradients.AsSpan(start, count), start);
            NonTemporal.Copy<T>(updated, parameters.Slice(start, count));
        }

        NonTemporal.Fence();
    }

    /// <summary>Sums the workspaces' gradients of parameters [first, first + count) into one buffer, in workspace order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reduce(int first, int count)
    {
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
