using LeNet.Generated.Losses;

namespace LeNet.Generated.Tests.Runtime;

public sealed class LogitsTests
{
    [Theory]
    [InlineData(new[] { 1f, 3f, 2f }, 1)]
    [InlineData(new[] { 3f, 3f, 2f }, 0)]
    [InlineData(new[] { 1f, float.NaN, 5f }, 1)]
    [InlineData(new[] { float.NegativeInfinity, float.NegativeInfinity }, 0)]
    public void ArgMaxTakesTheFirstMaximumAndNaNWins(float[] logits, int expected) => Assert.Equal(expected, Logits.ArgMax<float>(logits));

    [Fact]
    public void SoftmaxIsStableForLargeLogitsAndSumsToOne()
    {
        var probabilities = new double[3];
        Logits.Softmax<double>([1000, 1001, 999], probabilities);

        double e = Math.E;
        Assert.Equal(1 / (1 + e + (1 / e)), probabilities[0], 12);
        Assert.Equal(1, probabilities.Sum(), 12);
    }

    [Fact]
    public void CrossEntropyGradientIsScaledSoftmaxMinusOneHot()
    {
        double[] logits = [0.5, -1, 2];
        var gradient = new double[3];
        double loss = SoftmaxCrossEntropy.LossAndGradient<double>(logits, 2, 0.25, gradient);

        double sum = logits.Sum(Math.Exp);
        Assert.Equal(Math.Log(sum) - 2, loss, 12);
        Assert.Equal(loss, SoftmaxCrossEntropy.Loss<double>(logits, 2), 12);
        Assert.Equal(0.25 * Math.Exp(0.5) / sum, gradient[0], 12);
        Assert.Equal(0.25 * ((Math.Exp(2) / sum) - 1), gradient[2], 12);
    }
}
