using System.Text;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LeNet.Generated.Tests;

/// <summary>
/// Every invalid spec is a compile error on the attribute at fault, and nothing is generated for
/// it. Sources mark the expected location with <c>[|…|]</c>.
/// </summary>
public sealed class DiagnosticTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "LENET001", "[[|Network(Height = 4, Width = 4)|]] [Linear(2)] public sealed class Net;" },
        { "LENET001", "public class Outer { [[|Network(Height = 4, Width = 4)|]] [Linear(2)] public sealed partial class Net; }" },
        { "LENET002", "[[|Network(Height = 4, Width = 4)|]] [Linear(2)] public sealed partial class Net<T>;" },
        { "LENET002", "public partial class Outer<T> { [[|Network(Height = 4, Width = 4)|]] [Linear(2)] public sealed partial class Net; }" },
        { "LENET003", "[[|Network(Height = 4, Width = 4)|]] public sealed partial class Net;" },
        { "LENET004", "[Network(Height = 4, Width = 4)] [Linear(3)] public sealed partial class Net; [[|Linear(2)|]] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|Conv2d(0, KernelSize = 3)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|Conv2d(2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|Conv2d(2, KernelSize = 3, Padding = -1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|MaxPool2d(2, Stride = 0)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|Linear(-3)|]] public sealed partial class Net;" },
        { "LENET005", "[[|Network(Height = 0, Width = 4)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[[|Network(Width = 4)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET006", "[Network(Height = 4, Width = 4)] [[|Conv2d(2, KernelSize = 5)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET006", "[Network(Height = 4, Width = 4)] [Conv2d(2, KernelSize = 3)] [[|AvgPool2d(3)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET006", "[Network(Height = 28, Width = 28)] [Conv2d(6, KernelSize = 5)] [MaxPool2d(2)] [Conv2d(16, KernelSize = 5)] [MaxPool2d(2)] [[|Conv2d(120, KernelSize = 5)|]] [Linear(10)] public sealed partial class Net;" },
        { "LENET006", "[Network(Height = 5, Width = 5)] [Conv2d(1, 2, 3)] [AvgPool2d(2, 1)] [[|Conv2d(2, 3, 3, 1, 0)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET007", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|MaxPool2d(2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET007", "[Network(Height = 8, Width = 8)] [Flatten] [[|Conv2d(2, KernelSize = 3)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET008", "[[|Network(Height = 4, Width = 4)|]] [Linear(2)] public abstract partial class Net;" },
        { "LENET009", "[[|Network(Height = 4, Width = 4, ElementType = typeof(int))|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET010", "[[|Network(Channels = 1000, Height = 1000, Width = 1000)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET010", "[Network(Height = 64, Width = 64)] [[|Conv2d(100000, KernelSize = 1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET011", "[Network(Height = 5, Width = 5)] [[|Conv2d(1, KernelSize = 2, Stride = 2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET012", "[Network(Channels = 3, Height = 224, Width = 224)] [Conv2d(3, 8, 3, 1, 1)] [MaxPool2d(2, 2)] [[|Conv2d(8, 512, 5, 1, 2)|]] [Linear(10)] public sealed partial class Net;" },
        { "LENET013", "[Network(Channels = 2, Height = 4, Width = 4)] [[|Conv2d(3, KernelSize = 3, Connections = \"0; 1\")|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET013", "[Network(Channels = 2, Height = 4, Width = 4)] [[|Conv2d(2, KernelSize = 3, Connections = \"0; 2\")|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET013", "[Network(Channels = 2, Height = 4, Width = 4)] [[|Conv2d(2, KernelSize = 3, Connections = \"0,0; 1\")|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET013", "[Network(Channels = 2, Height = 4, Width = 4)] [[|Conv2d(2, KernelSize = 3, Connections = \"0; \")|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET014", "[[|Conv2d(6, KernelSize = 5)|]] [Linear(10)] public sealed partial class Net;" },
        { "LENET014", "[[|Tanh|]] [Linear(1, 10)] public sealed partial class Net; [MaxPool2d(2)] public sealed partial class Net;" },
        { "LENET015", "[Network(Height = 28, Width = 28)] [Conv2d(1, 6, 5, Padding = 2), Tanh] [AvgPool2d(2)] [Conv2d(6, 16, 5), Tanh] [AvgPool2d(2)] [[|Linear(401, 120)|]] [Linear(120, 10)] public sealed partial class Net;" },
        { "LENET015", "[Network(Height = 8, Width = 8)] [Conv2d(4, KernelSize = 3)] [Flatten] [Linear(144, 16)] [[|Linear(15, 2)|]] public sealed partial class Net;" },
        { "LENET015", "[Network(Channels = 3, Height = 8, Width = 8)] [[|Conv2d(1, 6, 3)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET016", "[Network(Height = 4, Width = 4)] [Conv2d(2, KernelSize = 3)] [[|Linear(1)|]] public sealed partial class Net;" },
        { "LENET016", "[Network(Height = 3, Width = 3)] [[|Conv2d(1, 1, 3)|]] public sealed partial class Net;" },
        { "LENET017", "[Network(Height = 4, Width = 4)] [Linear(8), ReLU] [Linear(3), [|Tanh|], ReLU] public sealed partial class Net;" },
        { "LENET017", "[Network(Height = 4, Width = 4)] [Linear(3)] [[|Sigmoid|]] public sealed partial class Net;" },
        { "LENET017", "[Network(Height = 4, Width = 4)] [Linear(3), [|ReLU|]] public sealed partial class Net;" },
        { "LENET017", "[Network(Height = 4, Width = 4)] [Linear(3)] [Flatten] [[|ScaledTanh|]] public sealed partial class Net;" },
        { "LENET017", "[Network(Height = 4, Width = 4, Loss = LossFunction.BinaryCrossEntropyWithLogits)] [Linear(3), [|Sigmoid|]] public sealed partial class Net;" },
        { "LENET018", "[Network(Height = 8, Width = 8)] [Conv2d(4, KernelSize = 3), ReLU] [[|MaxPool2d(2)|]] public sealed partial class Net;" },
        { "LENET018", "[Network(Height = 8, Width = 8)] [Conv2d(4, KernelSize = 3)] [[|Flatten|]] [Tanh] public sealed partial class Net;" },
        { "LENET019", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|Flatten|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET020", "[Network(Height = 4, Width = 4)] [[|Conv2d(1, 2, 3, 1, 1, Padding = 2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET020", "[Network(Height = 4, Width = 4)] [[|MaxPool2d(2, 2, Stride = 1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET020", "[Network(Height = 4, Width = 4)] [Linear(8), [|LeakyReLU(0.1, NegativeSlope = 0.2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET020", "[Network(Height = 4, Width = 4)] [[|AvgPool2d(3, 1, 1, Padding = 1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET005", "[Network(Height = 4, Width = 4)] [[|MaxPool2d(2, Padding = -1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET030", "[Network(Height = 4, Width = 4)] [Linear(8), [|LeakyReLU(double.NaN)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET030", "[Network(Height = 4, Width = 4)] [Linear(8), [|LeakyReLU(NegativeSlope = double.PositiveInfinity)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET030", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|LeakyReLU(-0.5)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET031", "[Network(Height = 8, Width = 8)] [[|MaxPool2d(2, 2, 2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET032", "[Network(Height = 8, Width = 8)] [Conv2d(4, KernelSize = 3)] [[|AdaptiveAvgPool2d(2)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET007", "[Network(Height = 8, Width = 8)] [Linear(8)] [[|AdaptiveAvgPool2d(1)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET031", "[Network(Height = 8, Width = 8)] [Conv2d(2, KernelSize = 3)] [[|AvgPool2d(3, Padding = 2, CountIncludePad = false)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET040", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|Dropout(1.0)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET040", "[Network(Height = 4, Width = 4)] [Conv2d(2, KernelSize = 3)] [[|Dropout(-0.25)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET041", "[Network(Height = 4, Width = 4)] [Linear(8)] [Linear(2)] [[|Dropout|]] public sealed partial class Net;" },
        { "LENET015", "[Network(Height = 6, Width = 6)] [Conv2d(6, KernelSize = 3)] [[|BatchNorm2d(5)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET015", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|BatchNorm1d(16)|], ReLU] [Linear(2)] public sealed partial class Net;" },
        { "LENET042", "[Network(Height = 6, Width = 6)] [Conv2d(6, KernelSize = 3)] [[|BatchNorm1d|], ReLU] [Linear(2)] public sealed partial class Net;" },
        { "LENET042", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|BatchNorm2d(8)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET042", "[Network(Channels = 2, Height = 4, Width = 4)] [Flatten] [[|BatchNorm2d|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET043", "[Network(Height = 4, Width = 4)] [Conv2d(2, KernelSize = 3)] [[|BatchNorm2d(Momentum = 1.5)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET043", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|BatchNorm1d(8, Eps = 0)|]] [Linear(2)] public sealed partial class Net;" },
        { "LENET043", "[Network(Height = 4, Width = 4)] [Linear(8)] [[|BatchNorm1d(Eps = double.NaN)|]] [Linear(2)] public sealed partial class Net;" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsReportedOnTheAttributeAtFault(string id, string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal) - 2;
        string source = "using LeNet.Generated;\n" + markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
        var expected = new TextSpan("using LeNet.Generated;\n".Length + start, end - start);

        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.True(diagnostic.Location.IsInSource, "The location is in the user's file, so #pragma and the IDE see it.");
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            Assert.Empty(run.Sources);
        }
        else
        {
            Assert.NotEmpty(run.Sources);
            Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    /// <summary>The messages as a user reads them, one spec per problem.</summary>
    [Fact]
    public void Messages()
    {
        var text = new StringBuilder();
        foreach ((string id, string markup) in Cases.Select(c => ((string)c[0], (string)c[1])))
        {
            string source = "using LeNet.Generated;\n" + markup.Replace("[|", string.Empty).Replace("|]", string.Empty);
            foreach (Diagnostic diagnostic in GeneratorHarness.Run(source).GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                string at = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
                text.Append($"{diagnostic.Id} {diagnostic.Severity} at [{at}]: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n");
            }
        }

        Snapshot.Verify(text.ToString(), "txt");
    }

    /// <summary>The warnings about how cross-entropy reads the outputs stay quiet for a loss that reads them otherwise.</summary>
    [Theory]
    [InlineData("MeanSquaredError", "[Linear(1)]")]
    [InlineData("MeanSquaredError", "[Linear(3), Sigmoid]")]
    [InlineData("MeanSquaredError", "[Conv2d(2, KernelSize = 3), Tanh]")]
    [InlineData("BinaryCrossEntropyWithLogits", "[Linear(1)]")]
    [InlineData("BinaryCrossEntropyWithLogits", "[Conv2d(2, KernelSize = 3)]")]
    public void OutputWarningsFollowTheLoss(string loss, string layers)
    {
        GeneratorRun run = GeneratorHarness.Run($"using LeNet.Generated; [Network(Height = 4, Width = 4, Loss = LossFunction.{loss})] {layers} public sealed partial class Net;");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>An attribute the compiler cannot bind is the compiler's error to report, not the generator's.</summary>
    [Fact]
    public void CompilerErrorsInAttributesAreLeftToTheCompiler()
    {
        GeneratorRun run = GeneratorHarness.Run("using LeNet.Generated; [Network(Height = 4, Width = \"4\")] [Linear(2)] public sealed partial class Net;");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Sources);
    }

    /// <summary>[Network] may sit on another partial declaration than the layers: that network is not missing.</summary>
    [Fact]
    public void NetworkOnAnotherPartialDeclarationCounts()
    {
        GeneratorRun run = GeneratorHarness.Run("using LeNet.Generated; [Conv2d(2, KernelSize = 3)] [Linear(2)] public sealed partial class Net; [Network(Height = 4, Width = 4)] public sealed partial class Net;");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(1, run.NetworkCount);
    }

    /// <summary>A pool's padding, by position or by name, up to half its window as PyTorch allows, generates cleanly.</summary>
    [Theory]
    [InlineData("MaxPool2d(2, Padding = 1)")]
    [InlineData("AvgPool2d(2, 2, 1)")]
    [InlineData("AvgPool2d(3, Stride = 2, Padding = 1, CountIncludePad = false)")]
    public void PoolPaddingUpToHalfTheWindowIsGenerated(string pool)
    {
        GeneratorRun run = GeneratorHarness.Run($"using LeNet.Generated; [Network(Height = 4, Width = 4)] [{pool}] [Linear(2)] public sealed partial class Net;");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void InputNotCoveredIsOnlyAWarningAndTheNetworkIsGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run("using LeNet.Generated; [Network(Height = 5, Width = 5)] [Conv2d(1, KernelSize = 2, Stride = 2)] [Linear(2)] public sealed partial class Net;");

        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.GeneratorDiagnostics).Severity);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics);
    }
}
