using System.Runtime.Intrinsics;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>
/// Every network carries kernels for every vector width and picks the widest this processor accelerates,
/// with no environment variable. Each width does the same operations on each image and adds the parameter
/// gradients image by image in image order, so training gives the same bits at every width where the
/// processor fuses multiply-adds; the widths a process cannot run are refused by name.
/// </summary>
public sealed class VectorWidthTests
{
    private static readonly VectorWidth[] Accelerated = [.. Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated)];

    /// <summary>Fused multiply-add in hardware: the one-element kernels get the bits of a vector lane only then.</summary>
    private static bool HasFma => Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported);

    [Fact]
    public void TheBestWidthIsTheWidestAccelerated()
    {
        Assert.Equal(Accelerated.Max(), VectorWidths.Best);
        Assert.Equal(VectorWidths.Best, new LeNet5().Width);
        Assert.Equal(16, VectorWidths.Lanes<float>(VectorWidth.Vector512));
        Assert.Equal(2, VectorWidths.Lanes<double>(VectorWidth.Vector128));
        Assert.Equal(1, VectorWidths.Lanes<double>(VectorWidth.Scalar));
    }

    /// <summary>
    /// CI reruns the numeric tests in processes with the wider instruction sets switched off and names the
    /// width each must then run at (<c>LENET_EXPECT_VECTOR_WIDTH</c>), so a runtime switch that stops working
    /// (as <c>DOTNET_EnableAVX512F</c> did in .NET 10) fails here instead of rerunning the default width.
    /// </summary>
    [Fact]
    public void AProcessWithWiderInstructionSetsSwitchedOffRunsNarrower()
    {
        string? expected = Environment.GetEnvironmentVariable("LENET_EXPECT_VECTOR_WIDTH");
        if (expected is null)
        {
            return;
        }

        VectorWidth ceiling = Enum.Parse<VectorWidth>(expected);
        Assert.True(VectorWidths.Best <= ceiling, $"LENET_EXPECT_VECTOR_WIDTH={expected}, but this process runs {VectorWidths.Best}: the runtime switch that should narrow it did not.");
    }

    /// <summary>
    /// LeNet-5 and the network with strides, max pooling, ReLU and sigmoid, trained for a few steps at each
    /// width on batches of 64 and of 37 (whole groups and every narrower width for what is left), end with
    /// the same parameters, bit for bit, and report the same losses. Without fused multiply-adds the vector
    /// lanes and single elements round differently, and only agreement to 1e-5 is claimed.
    /// </summary>
    [Fact]
    public void TrainingGivesTheSameBitsAtEveryWidth()
    {
        AssertSameBits<LeNet5>((seed, width) => new LeNet5(seed, width));
        AssertSameBits<MixedNet>((seed, width) => new MixedNet(seed, width));
    }

    [Fact]
    public void AWidthTheProcessorDoesNotRunIsRefusedByName()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new LeNet5(seed: 1, width: (VectorWidth)64));
        Assert.Equal("width", error.ParamName);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
        foreach (VectorWidth width in Enum.GetValues<VectorWidth>().Except(Accelerated))
        {
            error = Assert.Throws<ArgumentException>(() => new LeNet5().CreateTrainingWorkspace(width));
            Assert.Contains(width.ToString(), error.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertSameBits<TNetwork>(Func<int, VectorWidth, TNetwork> create)
        where TNetwork : class, INetwork<TNetwork, float>
    {
        var random = new Random(11);
        (float[] Images, int[] Labels)[] batches =
        [
            .. new[] { 64, 37, 64 }.Select(count => (
                Enumerable.Range(0, count * TNetwork.InputLength).Select(_ => random.NextSingle() - 0.5f).ToArray(),
                Enumerable.Range(0, count).Select(_ => random.Next(TNetwork.OutputLength)).ToArray())),
        ];

        (float[] Parameters, float[] Losses) Train(VectorWidth width)
        {
            TNetwork network = create(3, width);
            var sgd = new Sgd<float>(TNetwork.ParameterCount, 0.05f, momentum: 0.9f);
            float[] losses = [.. batches.Select(batch => network.TrainStep(batch.Images, batch.Labels, sgd))];
            return (network.Parameters.ToArray(), losses);
        }

        (float[] Parameters, float[] Losses) scalar = Train(VectorWidth.Scalar);
        foreach (VectorWidth width in Accelerated.Where(w => w != VectorWidth.Scalar))
        {
            (float[] parameters, float[] losses) = Train(width);
            if (!HasFma)
            {
                Assert.All(losses.Zip(scalar.Losses), pair => Assert.Equal(pair.Second, pair.First, 1e-5f));
                continue;
            }

            Assert.Equal(scalar.Losses, losses);
            int differing = parameters.Zip(scalar.Parameters).Count(pair => !pair.First.Equals(pair.Second));
            Assert.True(differing == 0, $"{typeof(TNetwork).Name} at {width}: {differing} of {parameters.Length} parameters differ from one element at a time");
        }
    }
}
