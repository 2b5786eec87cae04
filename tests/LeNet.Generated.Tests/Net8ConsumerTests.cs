using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using LeNet.Generated.Generator;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LeNet.Generated.Tests;

/// <summary>
/// A net8.0 consumer: the generator sees from the compilation's references that .NET 8 lacks
/// <c>Vector.MultiplyAddEstimate</c> and spells those multiply-adds as a multiply and an add; the
/// generated networks compile as C# 12 against .NET 8's reference assemblies and the runtime
/// library's net8.0 build, without a warning. (Packaging/PackageTests runs such a consumer.)
/// </summary>
public sealed class Net8ConsumerTests
{
    /// <summary>Every layer kind and option, float and double; the strided convolution takes the chained ∂x path.</summary>
    private const string Networks = """
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 28, Width = 28)]
        [Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
        [AvgPool2d(2)]
        [Conv2d(16, KernelSize = 5), Tanh]
        [AvgPool2d(2)]
        [Linear(120), Tanh]
        [Linear(84), Tanh]
        [Linear(10)]
        public sealed partial class LeNet5;

        [Network(Channels = 1, Height = 32, Width = 32)]
        [Conv2d(6, KernelSize = 5), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(16, KernelSize = 5, Connections = ConnectionTables.LeNet1998C3), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(120, KernelSize = 5), ScaledTanh]
        [Linear(84), ScaledTanh]
        [Linear(10)]
        public sealed partial class LeNet1998;

        [Network(Channels = 2, Height = 8, Width = 8)]
        [Conv2d(4, KernelSize = 3, Stride = 2, Padding = 1), ReLU]
        [MaxPool2d(2)]
        [Linear(3), Sigmoid]
        [Dropout(0.3)]
        [Linear(2)]
        public sealed partial class Strided;

        public static partial class Outer
        {
            [Network(Height = 5, Width = 5, ElementType = typeof(double))]
            [Sigmoid]
            [AvgPool2d(3, Stride = 2)]
            [Dropout]
            [Conv2d(2, KernelSize = 2), ReLU, Tanh]
            [Linear(2)]
            internal sealed partial class Nested;
        }
        """;

    private static readonly CSharpParseOptions CSharp12 = new(LanguageVersion.CSharp12);

    [Fact]
    public void TheFeaturesComeFromTheReferencedFramework()
    {
        Assert.True(TargetFeatures.From(GeneratorHarness.Compilation(string.Empty), default).HasMultiplyAddEstimate);
        Assert.False(TargetFeatures.From(Net8Compilation(string.Empty), default).HasMultiplyAddEstimate);
    }

    [Fact]
    public void GeneratedNetworksCompileAsCSharp12AgainstNet8()
    {
        (GeneratedSourceResult[] sources, Compilation output, ImmutableArray<Diagnostic> diagnostics) = RunNet8();

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(4 * (1 + LeNet.Generated.Generator.Plan.Profile.All.Count), sources.Length);
        Assert.All(sources, s => Assert.DoesNotContain("MultiplyAddEstimate", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.Contains(sources, s => s.SourceText.ToString().Contains(" * g1 + (", StringComparison.Ordinal)); // a chain of multiply-adds into one ∂x element
    }

    /// <summary>Line for line the same source as for .NET 10, except where .NET 10 calls <c>MultiplyAddEstimate</c>.</summary>
    [Fact]
    public void OnlyTheMultiplyAddsAreSpelledDifferently()
    {
        var net10 = GeneratorHarness.Run(Networks).Sources.ToDictionary(s => s.HintName, s => s.Text.Split('\n'));
        var net8 = RunNet8().Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString().Split('\n'));

        Assert.Equal(net10.Keys.Order(), net8.Keys.Order());
        int respelled = 0;
        foreach ((string hint, string[] lines) in net10)
        {
            Assert.Equal(lines.Length, net8[hint].Length);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("MultiplyAddEstimate(", StringComparison.Ordinal))
                {
                    Assert.Matches(@" \* .* \+ ", net8[hint][i]);
                    respelled++;
                }
                else
                {
                    Assert.Equal(lines[i], net8[hint][i]);
                }
            }
        }

        Assert.True(respelled > 100, $"{respelled} lines with multiply-adds");
    }

    private static (GeneratedSourceResult[] Sources, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) RunNet8()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: CSharp12)
            .RunGeneratorsAndUpdateCompilation(Net8Compilation(Networks), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return ([.. driver.GetRunResult().Results.Single().GeneratedSources], output, diagnostics);
    }

    private static CSharpCompilation Net8Compilation(string source) => CSharpCompilation.Create(
        "Net8Networks",
        [CSharpSyntaxTree.ParseText(source, CSharp12, path: "Networks.cs")],
        [.. Net80.References.All, MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "net8.0-runtime", "LeNet.Generated.dll"))],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
}
