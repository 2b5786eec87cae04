using Xunit.Sdk;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>The per-image comparison catches what a comparison against the whole batch's scale lets through.</summary>
public sealed class ToleranceTests
{
    // Two images of three values: the second image's gradient is a thousandth of the first's, and wholly wrong.
    private static readonly double[] Expected = [1.0, -0.5, 0.25, 1e-3, -2e-3, 5e-4];
    private static readonly double[] WrongSecondImage = [1.0, -0.5, 0.25, -1e-3, 2e-3, -5e-4];

    [Fact]
    public void AWrongSmallImagePassesAgainstTheBatchScaleAndFailsAgainstItsOwn()
    {
        Tolerance.Relative(Expected, WrongSecondImage, 5e-3, "batch");

        var error = Assert.Throws<TrueException>(() => Tolerance.PerImage(Expected, WrongSecondImage, 3, 5e-3, 1e-12, "∂loss/∂input"));
        Assert.StartsWith("∂loss/∂input, image 1: element 1 is 0.002, expected -0.002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFloorSparesAnImageWhoseGradientVanishes()
    {
        Tolerance.PerImage([1.0, 0.5, 1e-20, -1e-20], [1.0, 0.5, 3e-17, 0.0], 2, 1e-10, 1e-15, "∂loss/∂input");
        Assert.Throws<TrueException>(() => Tolerance.PerImage([1.0, 0.5, 1e-20, -1e-20], [1.0, 0.5, 3e-15, 0.0], 2, 1e-10, 1e-15, "∂loss/∂input"));
    }
}
