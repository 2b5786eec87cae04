namespace LeNet.Generated.Training;

/// <summary>How a <see cref="Trainer{TNetwork, T}"/> runs.</summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs in the run; the learning-rate schedule spans them.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per step; the last batch of an epoch may be smaller (all images are used).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Threads that share each batch, each with its own workspace.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Seeds the order of images in every epoch.</summary>
    public int Seed { get; init; }

    /// <summary>Scales the optimizer's base learning rate over the run.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// Data augmentation: every training image is moved by a random whole number of pixels from
    /// −<see cref="RandomShift"/> to +<see cref="RandomShift"/> down and across, the uncovered border
    /// filled with <see cref="LabeledImages{T}.Background"/>, as torchvision's
    /// <c>RandomCrop(size, padding=RandomShift)</c>. Drawn afresh for every image at every step, from
    /// the seed, the epoch and the step: a run stays reproducible, resumable and independent of the
    /// thread count. 0 (the default) trains on the images as they are.
    /// </summary>
    public int RandomShift { get; init; }

    internal void Validate()
    {
        Check(Epochs, nameof(Epochs));
        Check(BatchSize, nameof(BatchSize));
        Check(Threads, nameof(Threads));
        if (RandomShift < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RandomShift), RandomShift, $"{nameof(RandomShift)} must be at least 0, but is {RandomShift}.");
        }

        ArgumentNullException.ThrowIfNull(Schedule);
    }

    private static void Check(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, but is {value}.");
        }
    }
}

/// <summary>Progress after one step, for progress bars. A struct: reporting it allocates nothing.</summary>
/// <param name="Epoch">Epoch, from 1.</param>
/// <param name="Step">Steps done in this epoch, from 1.</param>
/// <param name="Steps">Steps in this epoch.</param>
/// <param name="Images">Images done in this epoch.</param>
/// <param name="Loss">Mean loss of this step's batch.</param>
/// <param name="LearningRate">Learning rate of this step.</param>
public readonly record struct TrainingStep(int Epoch, int Step, int Steps, int Images, double Loss, double LearningRate);

/// <summary>What one epoch of training did.</summary>
/// <param name="Epoch">Epoch, from 1.</param>
/// <param name="Loss">Mean training loss over the epoch's images (the steps before a resume included).</param>
/// <param name="Accuracy">Fraction of training images classified correctly while training on them.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
/// <param name="Images">Images trained on in <see cref="Elapsed"/>: fewer than the epoch's when it was resumed mid-epoch.</param>
public sealed record EpochResult(int Epoch, double Loss, double Accuracy, TimeSpan Elapsed, int Images)
{
    /// <summary>Training throughput of the epoch.</summary>
    public double ImagesPerSecond => Images / Elapsed.TotalSeconds;
}

/// <summary>Classification of a labelled set.</summary>
/// <param name="Correct">Images classified correctly.</param>
/// <param name="Count">Images evaluated.</param>
/// <param name="Confusion">Counts by true class (row) and predicted class (column).</param>
public sealed record Evaluation(int Correct, int Count, int[,] Confusion)
{
    /// <summary>Fraction classified correctly.</summary>
    public double Accuracy => (double)Correct / Count;
}

/// <summary>Training stopped because the loss became NaN or infinite; the parameters are no longer usable.</summary>
public sealed class TrainingDivergedException(int epoch, int step, double loss)
    : Exception($"Training diverged: the loss of step {step} in epoch {epoch} is {loss}. Lower the learning rate, or resume from the last checkpoint.")
{
    /// <summary>Epoch, from 1.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>Step in the epoch, from 1.</summary>
    public int Step { get; } = step;

    /// <summary>The offending loss.</summary>
    public double Loss { get; } = loss;
}
