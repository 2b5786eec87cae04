using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// Counter-examples found by <see cref="GeneratorPropertyTests"/> and by reading the validator
/// with its inputs in mind, kept as regular tests.
/// </summary>
public sealed class GeneratorRegressionTests
{
    /// <summary>
    /// A huge padding with a huge stride has a 1x1 output, but the padded copy of the input is
    /// billions of elements: its int length wrapped in the planner and the generated code indexed a
    /// buffer of a garbage size. The padded copy now counts towards the workspace bound.
    /// </summary>
    [Theory]
    [InlineData("Conv2d(1, KernelSize = 1, Padding = 46341, Stride = 2147483647)")]
    [InlineData("Conv2d(3, KernelSize = 1, Padding = 20000, Stride = 2147483647)")]
    [InlineData("Conv2d(3, KernelSize = 1, Padding = 2147483647, Stride = 2147483647)")]
    [InlineData("Conv2d(2147483647, KernelSize = 1, Padding = 2147483647)")] // 2^31 x 2^32 x 2^32 wrapped a long
    public void AbsurdPaddingIsTooLargeInsteadOfOverflowing(string conv)
    {
        string source = $"using LeNet.Generated; [Network(Height = 1, Width = 1)] [{conv}] [Linear(2)] public sealed partial class Net;";

        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("LENET010", diagnostic.Id);
        Assert.Equal(conv, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(run.Sources);
    }

    /// <summary>
    /// Found by the property tests (shrunk): Roslyn binds <c>KernelSize = 2.5</c> as 2 and drops
    /// <c>Stride = "x"</c>, each with a compiler error; the generator generated a network from the
    /// guess. It now generates nothing for an attribute the compiler rejects, and reports nothing.
    /// </summary>
    [Theory]
    [InlineData("[Network(Channels = 5, Height = 3, Width = 8)] [Conv2d(3, KernelSize = 2.5, Stride = 2)]")]
    [InlineData("[Network(Height = 8, Width = 8)] [MaxPool2d(2, Stride = \"x\")] [Linear(2)]")]
    [InlineData("[Network(Height = 8, Width = 8.5)] [Linear(2)]")]
    [InlineData("[Network(Height = 8, Width = 8)] [Linear(2, Foo = 3)]")]
    public void NothingIsGeneratedFromAnAttributeTheCompilerRejects(string attributes)
    {
        GeneratorRun run = GeneratorHarness.Run($"using LeNet.Generated; {attributes} public sealed partial class Net;");

        Assert.Empty(run.Sources);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(run.Input.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }
}
