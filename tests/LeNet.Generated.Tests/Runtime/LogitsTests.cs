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

    /// <summary>
    /// A class the logits rule out by e^-80 would put subnormal numbers through the backward pass: its
    /// gradient entry is 0, per image and in the lane layout alike; the loss and every other entry are unchanged.
    /// </summary>
    [Fact]
    public void GradientEntriesTooSmallToMatterAreZero()
    {
        float[] logits = [0, 80, -5];
        var gradient = new float[3];
        float loss = SoftmaxCrossEntropy.LossAndGradient<float>(logits, 1, 1f / 64, gradient);

        Assert.Equal(0f, gradient[0]); // e^-80 / 64 ≈ 2.8e-37
        Assert.Equal(0f, gradient[2]);
        Assert.Equal(SoftmaxCrossEntropy.Loss<float>(logits, 1), loss);
        float[] kept = new float[3];
        SoftmaxCrossEntropy.LossAndGradient<float>([0, 20, -5], 1, 1f / 64, kept);
        Assert.Equal(MathF.Exp(-20) / (1 + MathF.Exp(-20) + MathF.Exp(-25)) / 64, kept[0], 1e-12f);

        const int width = 16;
        float[] lanes = [.. logits.SelectMany(z => Enumerable.Repeat(z, width))];
        var laneGradient = new float[3 * width];
        float sum = Lanes.SoftmaxCrossEntropy<float>(lanes, width, [.. Enumerable.Repeat(1, width)], 1f / 64, laneGradient, 0f);
        for (int i = 0; i < 3; i++)
        {
            Assert.All(laneGradient.AsSpan(i * width, width).ToArray(), g => Assert.Equal(gradient[i], g));
        }

        Assert.Equal(width * loss, sum, 1e-3f);
    }
}
