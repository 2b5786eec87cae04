using System.Diagnostics;
using LeNet.Generated.Data;

namespace LeNet.Browser.Training;

/// <summary>
/// Trains a fresh network on shuffled mini-batches a slice at a time: <see cref="RunFor"/> takes steps
/// until its time is up and returns, so a single-threaded page can render and handle input between
/// slices. The same seed gives the same batches and, on the same vector width, the same losses.
/// </summary>
public sealed class TrainingRun
{
    /// <summary>Images per step.</summary>
    public const int BatchSize = 8;

    /// <summary>Adam's learning rate.</summary>
    public const float LearningRate = 0.001f;

    /// <summary>Seed of the initial weights and of the order of the images.</summary>
    public const int Seed = 1;

    // Running figures are over the last this many steps.
    private const int Window = 50;

    private readonly NetworkSession _session;
    private readonly MnistDataset _data;
    private readonly int[] _order;
    private readonly Random _random = new(Seed);
    private readonly float[] _batch = new float[BatchSize * NetworkSession.InputLength];
    private readonly int[] _labels = new int[BatchSize];
    private readonly int[] _predictions = new int[BatchSize];
    private readonly List<float> _losses = [];
    private readonly List<int> _correct = [];
    private readonly List<int> _counts = [];
    private readonly int _stepsPerEpoch;

    /// <summary>Prepares <paramref name="epochs"/> epochs over <paramref name="data"/> for a fresh network in <paramref name="session"/>.</summary>
    public TrainingRun(NetworkSession session, MnistDataset data, int epochs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        _session = session;
        _data = data;
        _order = new int[data.Count];
        _stepsPerEpoch = (data.Count + BatchSize - 1) / BatchSize;
        Epochs = epochs;
        TotalSteps = epochs * _stepsPerEpoch;
        session.BeginTraining(Seed, LearningRate);
    }

    /// <summary>Epochs to train.</summary>
    public int Epochs { get; }

    /// <summary>Steps taken.</summary>
    public int Step => _losses.Count;

    /// <summary>Steps in the whole run.</summary>
    public int TotalSteps { get; }

    /// <summary>Whether every step has been taken.</summary>
    public bool IsFinished => Step == TotalSteps;

    /// <summary>Images trained on so far.</summary>
    public long Images { get; private set; }

    /// <summary>Time spent in training steps (not in the pauses between slices).</summary>
    public TimeSpan StepTime { get; private set; }

    /// <summary>Images per second of step time.</summary>
    public double ImagesPerSecond => StepTime > TimeSpan.Zero ? Images / StepTime.TotalSeconds : 0;

    /// <summary>The mean loss of each step, in order.</summary>
    public IReadOnlyList<float> Losses => _losses;

    /// <summary>Mean loss over the last steps (up to 50).</summary>
    public double RunningLoss
    {
        get
        {
            int from = Math.Max(0, _losses.Count - Window);
            double sum = 0;
            for (int i = from; i < _losses.Count; i++)
            {
                sum += _losses[i];
            }

            return _losses.Count > from ? sum / (_losses.Count - from) : double.NaN;
        }
    }

    /// <summary>Share of the images of the last steps (up to 50) classified right before their update.</summary>
    public double RunningAccuracy
    {
        get
        {
            int from = Math.Max(0, _correct.Count - Window), correct = 0, count = 0;
            for (int i = from; i < _correct.Count; i++)
            {
                correct += _correct[i];
                count += _counts[i];
            }

            return count > 0 ? (double)correct / count : double.NaN;
        }
    }

    /// <summary>Takes steps until <paramref name="budget"/> has passed (at least one) or the run is finished.</summary>
    public void RunFor(TimeSpan budget)
    {
        long start = Stopwatch.GetTimestamp();
        while (!IsFinished)
        {
            TakeStep();
            if (Stopwatch.GetElapsedTime(start) >= budget)
            {
                break;
            }
        }

        StepTime += Stopwatch.GetElapsedTime(start);
    }

    private void TakeStep()
    {
        int step = Step % _stepsPerEpoch;
        if (step == 0)
        {
            Shuffle();
        }

        int first = step * BatchSize;
        int count = Math.Min(BatchSize, _data.Count - first);
        int length = NetworkSession.InputLength;
        for (int i = 0; i < count; i++)
        {
            int index = _order[first + i];
            _data.Images.AsSpan(index * length, length).CopyTo(_batch.AsSpan(i * length, length));
            _labels[i] = _data.Labels[index];
        }

        float loss = _session.TrainStep(_batch.AsSpan(0, count * length), _labels.AsSpan(0, count), _predictions.AsSpan(0, count));
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            correct += _predictions[i] == _labels[i] ? 1 : 0;
        }

        _losses.Add(loss);
        _correct.Add(correct);
        _counts.Add(count);
        Images += count;
    }

    /// <summary>A fresh permutation of the images (Fisher–Yates) at the start of every epoch.</summary>
    private void Shuffle()
    {
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}
