using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Training;

/// <summary>
/// The data-parallel trainer on the committed MNIST slice (4,000 training and 1,000 test images):
/// it learns, it is deterministic, it allocates nothing per step, and a resumed run is the same run.
/// </summary>
public sealed class TrainerTests
{
    private static readonly Lazy<(LabeledImages<float> Train, LabeledImages<float> Test)> Slice = new(() =>
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice");
        return (MnistDataset.Load(directory, train: true).AsLabeledImages(), MnistDataset.Load(directory, train: false).AsLabeledImages());
    });

    private static Trainer<LeNet5, float> CreateTrainer(int threads, int epochs = 2, int seed = 1, IOptimizer<float>? optimizer = null) =>
        new(new LeNet5(seed), optimizer ?? new Adam<float>(LeNet5.ParameterCount, 0.002f), new TrainingOptions
        {
            Epochs = epochs,
            BatchSize = 64,
            Threads = threads,
            Seed = seed,
            Schedule = LearningRateSchedule.Cosine,
        });

    /// <summary>Four epochs over 4,000 images (252 steps of 64) take LeNet-5 from chance to ≥ 90 % on 1,000 unseen images.</summary>
    [Fact]
    public void ShortTrainingOnTheSliceReachesNinetyPercent()
    {
        const int Epochs = 4;
        using Trainer<LeNet5, float> trainer = CreateTrainer(threads: 2, epochs: Epochs);
        Assert.InRange(trainer.Evaluate(Slice.Value.Test).Accuracy, 0, 0.3);

        EpochResult last = null!;
        var steps = new List<TrainingStep>();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            last = trainer.TrainEpoch(Slice.Value.Train, steps.Add);
        }

        Evaluation test = trainer.Evaluate(Slice.Value.Test);
        Assert.Equal(Epochs * 63, steps.Count);
        Assert.Equal(4000, steps[^1].Images);
        Assert.True(test.Accuracy >= 0.90, $"test accuracy {test.Accuracy:P2} after {steps.Count} steps");
        Assert.True(last.Loss < steps[0].Loss / 5, $"loss {steps[0].Loss} → {last.Loss}");
        Assert.Equal(1000, test.Count);
        Assert.Equal(test.Correct, Enumerable.Range(0, 10).Sum(d => test.Confusion[d, d]));
    }

    [Fact]
    public void ARunIsDeterministicForASeedAndThreadCount()
    {
        LabeledImages<float> data = Slice.Value.Train.Take(1000);
        float[] Run()
        {
            using Trainer<LeNet5, float> trainer = CreateTrainer(threads: 2);
            trainer.TrainEpoch(data);
            return trainer.Network.Parameters.ToArray();
        }

        float[] first = Run();
        Assert.Equal(first, Run());
        Assert.NotEqual(first, new LeNet5(1).Parameters.ToArray());
    }

    /// <summary>Splitting a batch over threads takes the same SGD step as one thread, up to summation order.</summary>
    [Fact]
    public void TwoThreadsTakeTheSameStepAsOne()
    {
        LabeledImages<float> batch = Slice.Value.Train.Take(64);
        float[] Step(int threads)
        {
            using Trainer<LeNet5, float> trainer = CreateTrainer(threads, optimizer: new Sgd<float>(LeNet5.ParameterCount, 0.1f));
            trainer.Step(batch.Images, batch.Labels);
            return trainer.Network.Parameters.ToArray();
        }

        float[] one = Step(1), two = Step(2);
        Assert.All(Enumerable.Range(0, one.Length), i => Assert.Equal(one[i], two[i], 1e-6f));
    }

    /// <summary>
    /// Counts every thread's allocations, the workers' too, in a process of its own
    /// (<see cref="ChildProcess"/>): in the test host other threads allocate now and then.
    /// </summary>
    [Fact]
    public void AStepAllocatesNothingAfterWarmUp()
    {
        string allocated = ChildProcess.Run(MeasureStepAllocations);

        Assert.Equal("0 bytes", allocated);
    }

    /// <summary>Every thread's allocations over <see cref="Allocations.Rounds"/> two-thread steps after warm-up.</summary>
    internal static string MeasureStepAllocations()
    {
        LabeledImages<float> batch = Slice.Value.Train.Take(64);
        using Trainer<LeNet5, float> trainer = CreateTrainer(threads: 2);
        return $"{Allocations.OnAllThreads(() => trainer.Step(batch.Images, batch.Labels))} bytes";
    }

    [Fact]
    public void ResumingFromACheckpointGivesTheUninterruptedRun()
    {
        LabeledImages<float> data = Slice.Value.Train.Take(1000);
        string path = Path.Combine(Path.GetTempPath(), $"lenet-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            using Trainer<LeNet5, float> straight = CreateTrainer(threads: 2, epochs: 2);
            straight.TrainEpoch(data);
            straight.TrainEpoch(data);

            using (Trainer<LeNet5, float> first = CreateTrainer(threads: 2, epochs: 2))
            {
                first.TrainEpoch(data);
                Checkpoint.Save(path, first.Network, first.Optimizer, first.Epoch, new Dictionary<string, string> { ["note"] = "half way" });
            }

            using Trainer<LeNet5, float> resumed = CreateTrainer(threads: 2, epochs: 2, seed: 1);
            resumed.Network.ResetParameters(99); // prove the parameters come from the file
            CheckpointInfo info = Checkpoint.Load(path, resumed.Network, resumed.Optimizer);
            resumed.Epoch = info.Epoch;
            resumed.TrainEpoch(data);

            Assert.Equal(1, info.Epoch);
            Assert.Equal("half way", info.Metadata["note"]);
            Assert.Equal(straight.Network.Parameters.ToArray(), resumed.Network.Parameters.ToArray());
            Assert.Equal(straight.Optimizer.State.ToArray(), resumed.Optimizer.State.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherOptimizerIsRejectedAndChangesNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lenet-wrong-{Guid.NewGuid():N}.safetensors");
        try
        {
            var network = new LeNet5(1);
            Checkpoint.Save(path, network, new Sgd<float>(LeNet5.ParameterCount, 0.1f, 0.9f), 3);

            var other = new LeNet5(2);
            float[] before = other.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, other, new Adam<float>(LeNet5.ParameterCount, 0.1f)));

            Assert.Contains("optimizer is 'sgd'; expected 'adam'", error.Message);
            Assert.Equal(before, other.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ADivergingRunStopsWithAClearError()
    {
        LabeledImages<float> data = Slice.Value.Train.Take(256);
        data.Images.AsSpan(100 * 784, 784).Fill(float.NaN); // a corrupt image poisons its batch's loss
        using var trainer = new Trainer<LeNet5, float>(new LeNet5(1), new Sgd<float>(LeNet5.ParameterCount, 0.1f), new TrainingOptions { Threads = 1, Epochs = 1, BatchSize = 64 });

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.TrainEpoch(data));

        Assert.Contains("diverged", error.Message);
        Assert.Equal(0, trainer.Epoch);
        Assert.True(double.IsNaN(error.Loss));
    }

    [Theory]
    [InlineData(0, 64, 1, "Threads")]
    [InlineData(1, 0, 1, "BatchSize")]
    [InlineData(1, 64, 0, "Epochs")]
    public void InvalidOptionsNameTheOption(int threads, int batchSize, int epochs, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<LeNet5, float>(
            new LeNet5(), new Sgd<float>(LeNet5.ParameterCount, 0.1f), new TrainingOptions { Threads = threads, BatchSize = batchSize, Epochs = epochs }));

        Assert.Equal(name, error.ParamName);
        Assert.Contains("must be at least 1", error.Message);
    }

    [Fact]
    public void SchedulesFollowTheirDefinitions()
    {
        Assert.Equal(1, LearningRateSchedule.Cosine.Factor(0, 0, 10), 12);
        Assert.Equal(0.5, LearningRateSchedule.Cosine.Factor(5, 0, 10), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 7.25 / 10)), LearningRateSchedule.Cosine.Factor(7, 0.25, 10), 12);
        Assert.Equal(0.01, LearningRateSchedule.Step(3, 0.1).Factor(6, 0.5, 10), 12);
        Assert.Equal(1, LearningRateSchedule.Constant.Factor(9, 0.9, 10));
    }
}
