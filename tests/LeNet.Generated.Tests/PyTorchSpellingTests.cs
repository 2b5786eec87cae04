using System.Text.RegularExpressions;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// PyTorch's positional spelling (<c>Conv2d(1, 6, 5)</c>, <c>Linear(400, 120)</c>, <c>MaxPool2d(2, 2)</c>)
/// and <c>[Flatten]</c> mean what they mean in PyTorch: the same network as the inferred spelling,
/// down to the generated code, except for the Flatten's line in the summary.
/// </summary>
public sealed class PyTorchSpellingTests
{
    [Fact]
    public void TheTranscribedLeNet5IsLeNet5()
    {
        Assert.Equal(
            (LeNet5.InputChannels, LeNet5.InputHeight, LeNet5.InputWidth, LeNet5.InputLength, LeNet5.OutputLength, LeNet5.ParameterCount, LeNet5.MultiplyAddsPerImage, LeNet5.InstanceBytes),
            (TorchSpelledLeNet5.InputChannels, TorchSpelledLeNet5.InputHeight, TorchSpelledLeNet5.InputWidth, TorchSpelledLeNet5.InputLength, TorchSpelledLeNet5.OutputLength, TorchSpelledLeNet5.ParameterCount, TorchSpelledLeNet5.MultiplyAddsPerImage, TorchSpelledLeNet5.InstanceBytes));
        Assert.Equal(LeNet5.ParameterTensors, TorchSpelledLeNet5.ParameterTensors, (a, b) => a.Name == b.Name && a.Offset == b.Offset && a.Shape.SequenceEqual(b.Shape));

        var lenet5 = new LeNet5(seed: 11);
        var transcribed = new TorchSpelledLeNet5(seed: 11);
        Assert.True(lenet5.Parameters.SequenceEqual(transcribed.Parameters), "the same seed draws the same parameters");

        var random = new Random(11);
        float[] images = Enumerable.Range(0, 5 * LeNet5.InputLength).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var expected = new float[5 * LeNet5.OutputLength];
        var actual = new float[5 * LeNet5.OutputLength];
        lenet5.Forward(images, expected);
        transcribed.Forward(images, actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>The summary shows the Flatten as PyTorch prints it, and is otherwise LeNet-5's (its columns are wider for the longer name).</summary>
    [Fact]
    public void TheSummaryShowsTheFlatten()
    {
        string[] lines = TorchSpelledLeNet5.Summary.Split('\n').Select(l => Regex.Replace(l, " +", " ")).ToArray();
        string flatten = Assert.Single(lines, l => l.StartsWith("flatten", StringComparison.Ordinal));
        Assert.Equal("flatten1 400 0 Flatten(start_dim=1, end_dim=-1)", flatten);
        Assert.Equal(LeNet5.Summary.Split('\n').Skip(1).Select(l => Regex.Replace(l, " +", " ")), lines.Skip(1).Where(l => l != flatten));
    }

    /// <summary>Each positional spelling generates exactly the code of the named one it stands for.</summary>
    [Theory]
    [InlineData("[Conv2d(1, 6, 5)]", "[Conv2d(6, KernelSize = 5)]")]
    [InlineData("[Conv2d(1, 6, 4, 2)]", "[Conv2d(6, KernelSize = 4, Stride = 2)]")]
    [InlineData("[Conv2d(1, 6, 5, 1, 2)]", "[Conv2d(6, KernelSize = 5, Padding = 2)]")]
    [InlineData("[Conv2d(1, 6, 5, Stride = 2, Padding = 1)]", "[Conv2d(6, KernelSize = 5, Stride = 2, Padding = 1)]")]
    [InlineData("[MaxPool2d(4, 2)]", "[MaxPool2d(4, Stride = 2)]")]
    [InlineData("[AvgPool2d(2, 1)]", "[AvgPool2d(2, Stride = 1)]")]
    [InlineData("[AvgPool2d(2, 2, Trainable = true)]", "[AvgPool2d(2, Trainable = true)]")]
    [InlineData("[Linear(784, 10)]", "[Linear(10)]")]
    public void APositionalSpellingIsTheNamedOne(string positional, string named)
    {
        static string Generate(string layer) => GeneratorHarness.RunClean(
            $"using LeNet.Generated; [Network(Height = 28, Width = 28)] {layer} [Linear(10)] public sealed partial class Net;").Source;

        Assert.Equal(Generate(named), Generate(positional));
    }

    [Fact]
    public void AFlattenBeforeTheFirstLinearChangesOnlyTheSummary()
    {
        GeneratorRun plain = GeneratorHarness.RunClean("using LeNet.Generated; [Network(Height = 8, Width = 8)] [Conv2d(2, KernelSize = 3), ReLU] [Linear(3)] public sealed partial class Net;");
        GeneratorRun flattened = GeneratorHarness.RunClean("using LeNet.Generated; [Network(Height = 8, Width = 8)] [Conv2d(2, KernelSize = 3), ReLU] [Flatten] [Linear(3)] public sealed partial class Net;");

        Assert.Matches(@"\\nflatten1 +72 +0  Flatten\(start_dim=1, end_dim=-1\)\\nfc1 ", flattened.File("Net.g.cs"));
        Assert.Equal(WithoutSummary(plain.Source), WithoutSummary(flattened.Source));
    }

    /// <summary>The source without the summary: the type's doc comment (at the start of a line) and the Summary constant.</summary>
    private static string WithoutSummary(string source) =>
        string.Join("\n", source.Split('\n').Where(l => !l.StartsWith("/// ", StringComparison.Ordinal) && !l.Contains("const string Summary = ", StringComparison.Ordinal)));
}
