using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Training;

/// <summary>
/// The trainer with dropout: steps train (masks keyed by seed, epoch and step, the same however the
/// batch is split between threads), a resumed run draws the uninterrupted run's masks, and the test
/// set is evaluated with dropout the identity.
/// </summary>
public sealed class TrainerModesTests
{
    private static readonly Lazy<LabeledImages<float>> Data = new(() =>
        MnistDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice"), train: true).AsLabeledImages().Take(1000));

    private static Trainer<DropoutMnistNet, float> CreateTrainer(int threads, IOptimizer<float>? optimizer = null, int seed = 1) =>
        new(new DropoutMnistNet(seed), optimizer ?? new Adam<float>(DropoutMnistNet.ParameterCount, 0.002f), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 64,
            Threads = threads,
            Seed = 1,
            Schedule = LearningRateSchedule.Cosine,
        });

    /// <summary>Each thread's share is keyed from its place in the batch: one thread and three draw the same masks.</summary>
    [Fact]
    public void ThreadsDrawTheMasksOfOneThread()
    {
        LabeledImages<float> batch = Data.Value.Take(64);
        float[] Step(int threads)
        {
            using Trainer<DropoutMnistNet, float> trainer = CreateTrainer(threads, new Sgd<float>(DropoutMnistNet.ParameterCount, 0.1f));
            trainer.Step(batch.Images, batch.Labels);
            return trainer.Network.Parameters.ToArray();
        }

        float[] one = Step(1), three = Step(3);
        Assert.NotEqual(new DropoutMnistNet(1).Parameters.ToArray(), one);
        Assert.All(Enumerable.Range(0, one.Length), i => Assert.Equal(one[i], three[i], 1e-6f));
    }

    [Fact]
    public void AResumedRunDrawsTheUninterruptedRunsMasks()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        using Trainer<DropoutMnistNet, float> straight = CreateTrainer(threads: 2);
        straight.TrainEpoch(Data.Value);
        straight.TrainEpoch(Data.Value);

        using (Trainer<DropoutMnistNet, float> interrupted = CreateTrainer(threads: 2))
        {
            interrupted.TrainEpoch(Data.Value);
            using var cancellation = new CancellationTokenSource();
            Assert.Throws<TrainingCanceledException>(() => interrupted.TrainEpoch(Data.Value, step => { if (step.Step == 5) { cancellation.Cancel(); } }, cancellation.Token));
            Checkpoint.Save(path, interrupted.Network, interrupted.Optimizer, interrupted.Epoch, interrupted.Progress);
        }

        using Trainer<DropoutMnistNet, float> resumed = CreateTrainer(threads: 2, seed: 99);
        CheckpointInfo info = Checkpoint.Load(path, resumed.Network, resumed.Optimizer);
        resumed.Epoch = info.Epoch;
        resumed.Progress = info.Progress;
        resumed.TrainEpoch(Data.Value);
        Assert.Equal(straight.Network.Parameters.ToArray(), resumed.Network.Parameters.ToArray());
    }

    /// <summary>Steps called directly are keyed by the optimizer's step count, which the checkpoint keeps.</summary>
    [Fact]
    public void DirectStepsResumeWithTheUninterruptedRunsMasks()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        LabeledImages<float> first = Data.Value.Take(64), second = Data.Value.Take(128);
        ReadOnlySpan<float> next = second.Images.AsSpan(64 * DropoutMnistNet.InputLength);
        ReadOnlySpan<int> nextLabels = second.Labels.AsSpan(64);

        using Trainer<DropoutMnistNet, float> straight = CreateTrainer(threads: 2, Sgd());
        straight.Step(first.Images, first.Labels);
        straight.Step(next, nextLabels);

        using (Trainer<DropoutMnistNet, float> interrupted = CreateTrainer(threads: 2, Sgd()))
        {
            interrupted.Step(first.Images, first.Labels);
            Checkpoint.Save(path, interrupted.Network, interrupted.Optimizer, epoch: 0);
        }

        using Trainer<DropoutMnistNet, float> resumed = CreateTrainer(threads: 2, Sgd(), seed: 99);
        Checkpoint.Load(path, resumed.Network, resumed.Optimizer);
        resumed.Step(next, nextLabels);
        Assert.Equal(straight.Network.Parameters.ToArray(), resumed.Network.Parameters.ToArray());

        // The masks matter: the same step keyed as the first one ends elsewhere (plain SGD, whose update ignores the count).
        using Trainer<DropoutMnistNet, float> again = CreateTrainer(threads: 2, Sgd(), seed: 99);
        Checkpoint.Load(path, again.Network, again.Optimizer);
        again.Optimizer.Steps = 0;
        again.Step(next, nextLabels);
        Assert.NotEqual(straight.Network.Parameters.ToArray(), again.Network.Parameters.ToArray());

        static Sgd<float> Sgd() => new(DropoutMnistNet.ParameterCount, 0.1f);
    }

    [Fact]
    public void TheTestSetIsEvaluatedWithDropoutTheIdentity()
    {
        using Trainer<DropoutMnistNet, float> trainer = CreateTrainer(threads: 2);
        trainer.TrainEpoch(Data.Value);
        LabeledImages<float> test = Data.Value.Take(200);
        Evaluation evaluation = trainer.Evaluate(test);
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            correct += trainer.Network.Predict(test.Image(i)) == test.Labels[i] ? 1 : 0;
        }

        Assert.Equal(correct, evaluation.Correct);
        Assert.Equal(evaluation.Correct, trainer.Evaluate(test).Correct);
    }
}
