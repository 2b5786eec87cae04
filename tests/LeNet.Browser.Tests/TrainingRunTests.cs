using LeNet.Browser.Training;

namespace LeNet.Browser.Tests;

/// <summary>The page's training loop, run in .NET on the shipped subset.</summary>
public sealed class TrainingRunTests
{
    [Fact]
    public void ThreeHundredStepsLowerTheLossTheSameWayEveryTime()
    {
        TrainingData data = TrainingData.Load(RepositoryFiles.File("samples/LeNet.Browser/wwwroot/mnist"));
        float[] first = Train(data, out int correct);
        float[] second = Train(data, out _);

        Assert.Equal(first, second);
        Assert.InRange(first[0], Math.Log(10) - 0.1, Math.Log(10) + 0.1);
        Assert.True(first.TakeLast(50).Average() < 0.3 * first.Take(20).Average(), "expected the loss to fall below 30 % of where it started");
        Assert.InRange(correct, 0.8 * data.Test.Count, data.Test.Count);
    }

    [Fact]
    public void ARunEndsAfterItsEpochs()
    {
        TrainingData data = TrainingData.Load(RepositoryFiles.File("samples/LeNet.Browser/wwwroot/mnist"));
        var run = new TrainingRun(new NetworkSession(), data.Test, epochs: 2);
        run.RunFor(TimeSpan.FromMinutes(1));
        Assert.True(run.IsFinished);
        Assert.Equal(2 * ((data.Test.Count + TrainingRun.BatchSize - 1) / TrainingRun.BatchSize), run.Step);
        Assert.Equal(2L * data.Test.Count, run.Images);
    }

    private static float[] Train(TrainingData data, out int correct)
    {
        var session = new NetworkSession();
        var run = new TrainingRun(session, data.Train, epochs: 1);
        while (run.Step < 300)
        {
            run.RunFor(TimeSpan.Zero);
        }

        session.UseTrainedNetwork();
        correct = session.CountCorrect(data.Test.Images, data.Test.Labels);
        return run.Losses.ToArray();
    }
}
