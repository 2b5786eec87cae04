using System.Collections.Immutable;
using LeNet.Generated.Generator;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LeNet.Generated.Tests;

/// <summary>
/// A project whose runtime identifier is the browser's gets its multiply-adds as a multiply and an add:
/// .NET's WebAssembly interpreter runs <c>MultiplyAddEstimate</c> as a call, several times slower.
/// </summary>
public sealed class BrowserTargetTests
{
    private const string Network = "using LeNet.Generated; [Network(Height = 6, Width = 6)] [Conv2d(2, KernelSize = 3), Tanh] [AvgPool2d(2)] [Linear(3)] public sealed partial class Net;";

    [Theory]
    [InlineData("browser-wasm", false)]
    [InlineData("linux-x64", true)]
    [InlineData(null, true)]
    public void TheBrowserGetsMultipliesAndAdds(string? runtimeIdentifier, bool fused)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions, optionsProvider: new Options(runtimeIdentifier));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(Network), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string source = string.Concat(driver.GetRunResult().GeneratedTrees.Select(tree => tree.ToString()));
        Assert.Equal(fused, source.Contains("MultiplyAddEstimate(", StringComparison.Ordinal));
        Assert.Contains(" * ", source, StringComparison.Ordinal);
    }

    private sealed class Options(string? runtimeIdentifier) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(runtimeIdentifier);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
    }

    private sealed class Values(string? runtimeIdentifier) : AnalyzerConfigOptions
    {
        // Without [NotNullWhen(true)]: the generator's own polyfill of the attribute is visible here too.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value)
#pragma warning restore CS8765
        {
            value = key == "build_property.RuntimeIdentifier" ? runtimeIdentifier : null;
            return value is not null;
        }
    }
}
