namespace LeNet.Generated.Training;

/// <summary>
/// Training stopped between two steps because its <see cref="CancellationToken"/> was cancelled. Every
/// step taken was applied whole, and <see cref="Trainer{TNetwork, T}.Epoch"/> and
/// <see cref="Trainer{TNetwork, T}.Progress"/> say where it stopped: save them with a checkpoint to resume there.
/// </summary>
public sealed class TrainingCanceledException(int epoch, int step, int steps, CancellationToken cancellationToken)
    : OperationCanceledException($"Training was cancelled in epoch {epoch} after step {step} of {steps}.", cancellationToken)
{
    /// <summary>The epoch being trained, from 1.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>Steps of that epoch taken before the cancellation was seen.</summary>
    public int Step { get; } = step;

    /// <summary>Steps in that epoch.</summary>
    public int Steps { get; } = steps;
}
