namespace LeNet.Generated.Tests.Runtime;

/// <summary>PyTorch's default initialisation, U(−1/√fan_in, 1/√fan_in) per tensor, deterministic per seed.</summary>
public sealed class InitializationTests
{
    [Fact]
    public void EachTensorIsUniformWithinItsBound()
    {
        var network = new LeNet5(seed: 3);
        foreach (ParameterTensor tensor in LeNet5.ParameterTensors)
        {
            int fanIn = tensor.Name.StartsWith("fc", StringComparison.Ordinal)
                ? LeNet5.ParameterTensors.Single(t => t.Name == tensor.Name.Replace("bias", "weight")).Shape[1]
                : LeNet5.ParameterTensors.Single(t => t.Name == tensor.Name.Replace("bias", "weight")).Shape.Skip(1).Aggregate(1, (a, b) => a * b);
            double bound = 1 / Math.Sqrt(fanIn);
            double[] values = network.Parameters.Slice(tensor.Offset, tensor.Length).ToArray().Select(v => (double)v).ToArray();

            Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
            if (values.Length >= 1000)
            {
                // U(−b, b): mean 0 with σ/√n = b/√(3n); variance b²/3. Five-sigma bounds on the mean, 5 % on the variance.
                double mean = values.Average();
                double variance = values.Select(v => (v - mean) * (v - mean)).Average();
                Assert.InRange(mean, -5 * bound / Math.Sqrt(3.0 * values.Length), 5 * bound / Math.Sqrt(3.0 * values.Length));
                Assert.InRange(variance, 0.95 * bound * bound / 3, 1.05 * bound * bound / 3);
            }
        }
    }

    [Fact]
    public void TheSeedDeterminesTheParameters()
    {
        float[] a = new LeNet5(seed: 11).Parameters.ToArray();
        float[] b = LeNet5.Create(11).Parameters.ToArray();
        float[] c = new LeNet5(seed: 12).Parameters.ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        var network = new LeNet5(seed: 12);
        network.ResetParameters(11);
        Assert.Equal(a, network.Parameters.ToArray());
    }
}
