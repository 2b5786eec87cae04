using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Training;

public sealed class ParallelInferenceTests
{
    /// <summary>Splitting a batch over threads gives the logits of image-by-image runs, to float rounding (shares of eight or more images take the lane kernels).</summary>
    [Theory]
    [InlineData(1, 19)]
    [InlineData(2, 19)]
    [InlineData(3, 2)]
    public void ThreadsGiveTheSameLogitsAsOneWorkspace(int threads, int images)
    {
        var network = new LeNet5(seed: 4);
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, images * LeNet5.InputLength).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var expected = new float[images * LeNet5.OutputLength];
        var actual = new float[images * LeNet5.OutputLength];

        using var parallel = new ParallelInference<LeNet5, float>(network, threads);
        parallel.Forward(inputs, actual);
        for (int n = 0; n < images; n++)
        {
            network.Forward(inputs.AsSpan(n * LeNet5.InputLength, LeNet5.InputLength), expected.AsSpan(n * LeNet5.OutputLength, LeNet5.OutputLength));
        }

        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(expected[i], actual[i], 1e-5f));
    }

    [Fact]
    public void WrongLengthsNameTheArgument()
    {
        using var parallel = new ParallelInference<LeNet5, float>(new LeNet5(), 2);

        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => parallel.Forward(new float[784], new float[9])).ParamName);
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelInference<LeNet5, float>(new LeNet5(), 0)).ParamName);
    }
}
