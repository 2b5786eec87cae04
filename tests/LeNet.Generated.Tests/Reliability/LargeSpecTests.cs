using System.Diagnostics;
using System.Text;
using LeNet.Generated.Generator;
using LeNet.Generated.Generator.Validate;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// The size policy (LENET012): at most <see cref="Validator.MaxMultiplyAdds"/> multiply-adds per
/// image and <see cref="Validator.MaxLayers"/> layer attributes. The largest accepted specs on both
/// axes are generated and compiled here, their times are bounded (docs/diagnostics.md states the
/// measured figures), and their methods keep a reserve under RyuJIT's optimisation limits.
/// </summary>
public sealed class LargeSpecTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MaxBuildTime = TimeSpan.FromSeconds(90);

    /// <summary>49.3 million multiply-adds: a 13-channel 5x5 convolution over a 3x224x224 image.</summary>
    public static string WidestAccepted(int convChannels = 13) =>
        $"using LeNet.Generated; [Network(Channels = 3, Height = 224, Width = 224)] [Conv2d({convChannels}, KernelSize = 5, Padding = 2), ReLU] [MaxPool2d(4)] [Linear(10)] public sealed partial class Widest;";

    /// <summary>128 layer attributes: 63 padded 3x3 convolutions, each with a ReLU, and two Linear layers.</summary>
    public static string DeepestAccepted(int pairs = 63)
    {
        var source = new StringBuilder("using LeNet.Generated; [Network(Channels = 2, Height = 8, Width = 8)]\n");
        for (int i = 0; i < pairs; i++)
        {
            source.Append("[Conv2d(4, KernelSize = 3, Padding = 1), ReLU]\n");
        }

        return source.Append("[Linear(16)] [Linear(10)] public sealed partial class Deepest;").ToString();
    }

    [Theory]
    [InlineData("widest")]
    [InlineData("deepest")]
    public void TheLargestAcceptedSpecsBuildInBoundedTime(string which)
    {
        string source = which == "widest" ? WidestAccepted() : DeepestAccepted();
        var watch = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(source);
        TimeSpan generate = watch.Elapsed;
        Assert.Empty(run.GeneratorDiagnostics);
        using var assembly = new InMemoryAssembly(run.Output);

        TimeSpan total = watch.Elapsed;
        output.WriteLine($"{which}: generated {run.Source.Length:N0} characters ({run.Source.Count(c => c == '\n'):N0} lines) in {generate.TotalSeconds:F2} s; generated and compiled in {total.TotalSeconds:F2} s");
        Assert.True(total < MaxBuildTime, $"{which} took {total}");

        // The size policy's other purpose: even the largest accepted network stays well inside RyuJIT's optimisation limits.
        List<string> failures = JitLimits.Check(which, JitLimits.GeneratedMethods(assembly.Assembly).Select(m => m.Method), output.WriteLine);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void OneMoreLayerOrMultiplyAddIsLENET012OnTheAttributeThatCrossesTheLimit()
    {
        GeneratorRun deep = GeneratorHarness.Run(DeepestAccepted(pairs: 64)); // 130 layer attributes
        Diagnostic layers = Assert.Single(deep.GeneratorDiagnostics);
        Assert.Equal("LENET012", layers.Id);
        Assert.Contains("the number of layers would be 130; a generated network is limited to 128", layers.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Linear(16)", deep.Input.SyntaxTrees[0].GetText().ToString(layers.Location.SourceSpan)); // the 129th attribute
        Assert.Empty(deep.Sources);

        GeneratorRun wide = GeneratorHarness.Run(WidestAccepted(convChannels: 14)); // 52.7 million multiply-adds in conv1
        Diagnostic macs = Assert.Single(wide.GeneratorDiagnostics);
        Assert.Equal("LENET012", macs.Id);
        Assert.Contains("conv1: the multiply-adds per image would be 52684800; a generated network is limited to 50000000", macs.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("Conv2d(14", wide.Input.SyntaxTrees[0].GetText().ToString(macs.Location.SourceSpan), StringComparison.Ordinal);
        Assert.Empty(wide.Sources);
    }
}
