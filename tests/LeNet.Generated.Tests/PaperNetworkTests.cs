namespace LeNet.Generated.Tests;

/// <summary>The 1998 paper's LeNet-5 has the sizes the paper states.</summary>
public sealed class PaperNetworkTests
{
    [Fact]
    public void C3HasTheSixtyConnectionsAndFifteenHundredSixteenParametersOfTableI()
    {
        ParameterTensor weight = LeNet1998.ParameterTensors.Single(t => t.Name == "conv2.weight");
        ParameterTensor bias = LeNet1998.ParameterTensors.Single(t => t.Name == "conv2.bias");

        Assert.Equal([60, 5, 5], weight.Shape);
        Assert.Equal(1516, weight.Length + bias.Length);
    }

    [Fact]
    public void CountsMatchTheLayerByLayerArithmetic()
    {
        // C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164, output 850 (a Linear(10) in place of the RBF).
        Assert.Equal(156 + 12 + 1516 + 32 + 48120 + 10164 + 850, LeNet1998.ParameterCount);

        // C1 28·28·6·25, S2 6·14·14, C3 10·10·60·25 (a dense C3 would be 10·10·96·25), S4 16·5·5, C5 120·400, F6, output.
        Assert.Equal(117600 + 1176 + 150000 + 400 + 48000 + 10080 + 840, LeNet1998.MultiplyAddsPerImage);
    }

    [Fact]
    public void SubsamplingStartsAsPlainAveraging()
    {
        var network = new LeNet1998(seed: 5);
        Assert.All(network.Pool1Weight.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(network.Pool2Bias.ToArray(), b => Assert.Equal(0f, b));
    }
}
