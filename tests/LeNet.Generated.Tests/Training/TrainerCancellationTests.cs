using System.Text;
using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Training;

/// <summary>
/// Stopping a training run between steps and resuming it mid-epoch from a checkpoint, on 1,000 images
/// of the committed MNIST slice (16 steps of 64 per epoch): a stopped step is never half applied, and
/// the resumed run is bit for bit the run that was never stopped.
/// </summary>
public sealed class TrainerCancellationTests
{
    private const int StepsPerEpoch = 16; // ⌈1,000 / 64⌉

    private static readonly Lazy<LabeledImages<float>> Data = new(() =>
        MnistDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice"), train: true).AsLabeledImages().Take(1000));

    private static Trainer<LeNet5, float> CreateTrainer(int seed = 1) =>
        new(new LeNet5(seed), new Adam<float>(LeNet5.ParameterCount, 0.002f), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 64,
            Threads = 2,
            Seed = 1,
            Schedule = LearningRateSchedule.Cosine,
            RandomShift = 1, // the resumed steps must draw the shifts the stopped ones would have
        });

    [Fact]
    public void CancellingMidEpochThenResumingFromACheckpointGivesTheUninterruptedRun()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");

        using Trainer<LeNet5, float> straight = CreateTrainer();
        straight.TrainEpoch(Data.Value);
        EpochResult straightSecond = straight.TrainEpoch(Data.Value);

        const int Stop = 5;
        using (Trainer<LeNet5, float> interrupted = CreateTrainer())
        {
            interrupted.TrainEpoch(Data.Value);
            using var cancellation = new CancellationTokenSource();
            var error = Assert.Throws<TrainingCanceledException>(() => interrupted.TrainEpoch(
                Data.Value, step => { if (step.Step == Stop) { cancellation.Cancel(); } }, cancellation.Token));

            Assert.Equal((2, Stop, StepsPerEpoch), (error.Epoch, error.Step, error.Steps));
            Assert.Equal(cancellation.Token, error.CancellationToken);
            Assert.Equal(1, interrupted.Epoch);
            Assert.Equal(Stop, interrupted.Progress.Step);
            Assert.Equal(StepsPerEpoch + Stop, interrupted.Optimizer.Steps);
            Checkpoint.Save(path, interrupted.Network, interrupted.Optimizer, interrupted.Epoch, interrupted.Progress);
            Assert.Equal(interrupted.Progress, Checkpoint.Load(path, new LeNet5(), new Adam<float>(LeNet5.ParameterCount, 0.002f)).Progress);
        }

        using Trainer<LeNet5, float> resumed = CreateTrainer(seed: 99); // other parameters: they must come from the file
        CheckpointInfo info = Checkpoint.Load(path, resumed.Network, resumed.Optimizer);
        resumed.Epoch = info.Epoch;
        resumed.Progress = info.Progress;
        var steps = new List<int>();
        EpochResult resumedSecond = resumed.TrainEpoch(Data.Value, step => steps.Add(step.Step));

        Assert.Equal(Enumerable.Range(Stop + 1, StepsPerEpoch - Stop), steps);
        Assert.Equal(straight.Network.Parameters.ToArray(), resumed.Network.Parameters.ToArray());
        Assert.Equal(straight.Optimizer.State.ToArray(), resumed.Optimizer.State.ToArray());
        Assert.Equal(straight.Optimizer.Steps, resumed.Optimizer.Steps);
        Assert.Equal((2, 0), (resumed.Epoch, resumed.Progress.Step));

        // The epoch's figures count the steps before the interruption; its throughput only those after.
        Assert.Equal(straightSecond.Loss, resumedSecond.Loss);
        Assert.Equal(straightSecond.Accuracy, resumedSecond.Accuracy);
        Assert.Equal(1000 - (Stop * 64), resumedSecond.Images);
    }

    /// <summary>A cancellation requested while step 3 runs (here: as it reports) lets that step finish and takes no other.</summary>
    [Fact]
    public void ACancellationIsObservedWithinOneStep()
    {
        using Trainer<LeNet5, float> trainer = CreateTrainer();
        using var cancellation = new CancellationTokenSource();
        var reported = new List<int>();

        Assert.Throws<TrainingCanceledException>(() => trainer.TrainEpoch(Data.Value, step =>
        {
            reported.Add(step.Step);
            if (step.Step == 3)
            {
                cancellation.Cancel();
            }
        }, cancellation.Token));

        Assert.Equal([1, 2, 3], reported);
        Assert.Equal(3, trainer.Optimizer.Steps);
        Assert.Equal(new EpochProgress(3, trainer.Progress.LossSum, trainer.Progress.Correct), trainer.Progress);
        Assert.True(trainer.Progress.LossSum > 0 && trainer.Progress.Correct is > 0 and <= 3 * 64, $"{trainer.Progress}");
    }

    [Fact]
    public void AnAlreadyCancelledTokenTakesNoStep()
    {
        using Trainer<LeNet5, float> trainer = CreateTrainer();
        float[] before = trainer.Network.Parameters.ToArray();

        var error = Assert.Throws<TrainingCanceledException>(() => trainer.TrainEpoch(Data.Value, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal((1, 0), (error.Epoch, error.Step));
        Assert.Contains("cancelled in epoch 1 after step 0 of 16", error.Message);
        Assert.Equal(before, trainer.Network.Parameters.ToArray());
        Assert.Equal(0, trainer.Optimizer.Steps);
        Assert.Equal(default, trainer.Progress);
    }

    /// <summary>
    /// Every thread's allocations over the steps of an epoch after warm-up, with a token that could be
    /// cancelled but never is, counted in a process of its own (<see cref="ChildProcess"/>).
    /// </summary>
    [Fact]
    public void ALiveTokenAllocatesNothingPerStep() => Assert.Equal("0 bytes", ChildProcess.Run(MeasureLiveTokenAllocations));

    /// <summary>Every thread's allocations from the first step of an epoch to its last, after a warm-up epoch.</summary>
    internal static string MeasureLiveTokenAllocations()
    {
        using Trainer<LeNet5, float> trainer = CreateTrainer();
        using var cancellation = new CancellationTokenSource();
        trainer.TrainEpoch(Data.Value, cancellationToken: cancellation.Token); // warm-up

        var allocated = new long[StepsPerEpoch];
        trainer.TrainEpoch(Data.Value, step => allocated[step.Step - 1] = GC.GetTotalAllocatedBytes(precise: true), cancellation.Token);
        return $"{allocated[^1] - allocated[0]} bytes";
    }

    [Fact]
    public void AProgressPastTheEpochIsRejected()
    {
        using Trainer<LeNet5, float> trainer = CreateTrainer();
        trainer.Progress = new EpochProgress(17, 0, 0);

        var error = Assert.Throws<InvalidOperationException>(() => trainer.TrainEpoch(Data.Value));

        Assert.Contains("Progress.Step is 17, but an epoch of 1000 images in batches of 64 has 16 steps; expected 0 to 16.", error.Message);
    }

    /// <summary>The position within an epoch is checked on load like every other number in the metadata.</summary>
    [Fact]
    public void ADamagedEpochPositionFailsTheLoadAndChangesNothing()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        Checkpoint.Save(path, new LeNet5(1), new Sgd<float>(LeNet5.ParameterCount, 0.1f), 1, new EpochProgress(4, 2.5, 200));
        byte[] bytes = File.ReadAllBytes(path);
        Replace(bytes, "\"epoch_loss_sum\":\"2.5\"", "\"epoch_loss_sum\":\"NaN\"");
        File.WriteAllBytes(path, bytes);

        var network = new LeNet5(2);
        float[] before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, network, new Sgd<float>(LeNet5.ParameterCount, 0.1f)));

        Assert.Equal("checkpoint.safetensors: the checkpoint's epoch_loss_sum is 'NaN'; expected a finite number ≥ 0.", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    /// <summary>Replaces <paramref name="old"/> by <paramref name="new"/>, of the same length, in the JSON header.</summary>
    private static void Replace(byte[] bytes, string old, string @new)
    {
        byte[] from = Encoding.UTF8.GetBytes(old), to = Encoding.UTF8.GetBytes(@new);
        Assert.Equal(from.Length, to.Length);
        int at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0, $"expected {old} in the header");
        to.CopyTo(bytes, at);
    }
}
