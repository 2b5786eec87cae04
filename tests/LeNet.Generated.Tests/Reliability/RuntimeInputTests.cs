using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// Bad runtime inputs are <see cref="ArgumentException"/>s that name the argument, the value and
/// what was expected. NaN inputs are not rejected by the network (checking every pixel of every
/// call would cost the hot path); they propagate to NaN logits and a NaN loss, which the trainer
/// rejects with <see cref="TrainingDivergedException"/> (docs/diagnostics.md, "Runtime errors").
/// </summary>
public sealed class RuntimeInputTests
{
    public static TheoryData<string, string, string[]> SpanCases => new()
    {
        { "Forward, 785 inputs", "inputs", ["784", "785"] },
        { "Forward, 9 outputs", "outputs", ["10", "9"] },
        { "Predict, no image", "inputs", ["empty", "784"] },
        { "Loss, 2 images 1 label", "labels", ["2 labels", "1"] },
        { "Loss, label 10", "labels", ["10", "0 to 9"] },
        { "Loss, label -1", "labels", ["-1", "0 to 9"] },
        { "TrainStep, optimizer of 10", "optimizer", ["10", "61706"] },
    };

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void NetworkArgumentsNameTheArgumentTheValueAndTheExpectation(string call, string argument, string[] mentioned)
    {
        var network = new LeNet5(seed: 1);
        Action act = call switch
        {
            "Forward, 785 inputs" => () => network.Forward(new float[785], new float[10]),
            "Forward, 9 outputs" => () => network.Forward(new float[784], new float[9]),
            "Predict, no image" => () => network.Predict(ReadOnlySpan<float>.Empty, Span<int>.Empty),
            "Loss, 2 images 1 label" => () => network.Loss(new float[2 * 784], [1]),
            "Loss, label 10" => () => network.Loss(new float[784], [10]),
            "Loss, label -1" => () => network.Loss(new float[784], [-1]),
            _ => () => network.TrainStep(new float[784], [1], new Sgd<float>(10, 0.1f)),
        };

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(argument, error.ParamName);
        Assert.All(mentioned, m => Assert.Contains(m, error.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Threads", 0)]
    [InlineData("Threads", -3)]
    [InlineData("BatchSize", 0)]
    [InlineData("Epochs", 0)]
    public void TrainingOptionsOutOfRangeAreRejectedWhenTheTrainerIsCreated(string option, int value)
    {
        var options = option switch
        {
            "Threads" => new TrainingOptions { Threads = value },
            "BatchSize" => new TrainingOptions { BatchSize = value },
            _ => new TrainingOptions { Epochs = value },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<LeNet5, float>(new LeNet5(1), new Sgd<float>(LeNet5.ParameterCount, 0.1f), options));
        Assert.Equal(option, error.ParamName);
        Assert.Contains($"{option} must be at least 1, but is {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerStepChecksItsBatch()
    {
        using var trainer = new Trainer<LeNet5, float>(new LeNet5(1), new Sgd<float>(LeNet5.ParameterCount, 0.1f), new TrainingOptions { BatchSize = 2, Threads = 1 });

        var tooMany = Assert.Throws<ArgumentException>(() => trainer.Step(new float[3 * 784], [1, 2, 3]));
        Assert.Equal("images", tooMany.ParamName);
        Assert.Contains("at most 2 images", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", tooMany.Message, StringComparison.Ordinal);

        var empty = Assert.Throws<ArgumentException>(() => trainer.Step(ReadOnlySpan<float>.Empty, ReadOnlySpan<int>.Empty));
        Assert.Equal("images", empty.ParamName);

        var label = Assert.ThrowsAny<ArgumentException>(() => trainer.Step(new float[784], [11]));
        Assert.Equal("labels", label.ParamName);
        Assert.Contains("Label 11", label.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabeledImagesMustAgree()
    {
        var error = Assert.Throws<ArgumentException>(() => new LabeledImages<float>(new float[5], [1, 2], imageLength: 3));
        Assert.Equal("images", error.ParamName);
        Assert.Contains("6 in all", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 elements", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledImages<float>([], [], imageLength: 0));
    }

    /// <summary>The NaN policy: propagate through the network, reject in the trainer.</summary>
    [Fact]
    public void NaNInputsPropagateAndTheTrainerRejectsTheirLoss()
    {
        var network = new LeNet5(seed: 1);
        float[] image = new float[784];
        image[400] = float.NaN;
        var logits = new float[10];
        network.Forward(image, logits);
        Assert.All(logits, z => Assert.True(float.IsNaN(z)));
        Assert.True(float.IsNaN(network.Loss(image, [3])));

        float[] before = network.Parameters.ToArray();
        using var trainer = new Trainer<LeNet5, float>(network, new Sgd<float>(LeNet5.ParameterCount, 0.1f), new TrainingOptions { BatchSize = 1, Threads = 1, Epochs = 1 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.TrainEpoch(new LabeledImages<float>(image, [3], 784)));
        Assert.True(double.IsNaN(error.Loss));
        Assert.Equal(1, error.Step);
        Assert.NotEqual(before, network.Parameters.ToArray()); // the documented cost: resume from the last checkpoint
    }
}
