using System.Collections;
using System.Reflection;
using LeNet.Generated.Generator;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LeNet.Generated.Tests;

/// <summary>
/// The pipeline caches: an edit elsewhere re-runs nothing, and an edit that only moves the
/// declaration re-parses but does not re-plan or re-emit. Nothing cached holds a symbol or syntax.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Network = """
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 28, Width = 28)]
        [Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
        [AvgPool2d(2)]
        [Linear(10)]
        public sealed partial class Net;
        """;

    /// <summary>Layers but no [Network]: found by the LayersWithoutNetwork step, which must cache as well.</summary>
    private const string WithoutNetwork = "using LeNet.Generated; namespace Models; [Conv2d(2, KernelSize = 3)] [Linear(2)] public sealed partial class Forgotten;";

    private static readonly string[] Steps = [TrackingNames.Parse, TrackingNames.Validate, TrackingNames.Diagnostics, TrackingNames.Model, TrackingNames.Plan, TrackingNames.TargetFeatures, TrackingNames.Emit, TrackingNames.LayersWithoutNetwork];

    [Fact]
    public void AnUnrelatedEditLeavesEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Network, "namespace Models; public static class Other { public static int Value => 1; }", WithoutNetwork);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal("LENET014", Assert.Single(first.GeneratorDiagnostics).Id);
        GeneratorDriver driver = first.Driver;

        SyntaxTree other = compilation.SyntaxTrees[1];
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Models; public static class Other { public static int Value => 2; }")));
        GeneratorRunResult result = GeneratorHarness.Run(driver, edited).Driver.GetRunResult().Results.Single();

        foreach (string step in Steps)
        {
            Assert.NotEmpty(result.TrackedSteps[step].SelectMany(s => s.Outputs));
            Assert.All(
                result.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        // The source output is not re-emitted. (The diagnostics output re-runs on every compilation: it needs
        // the compilation to place diagnostics inside the user's syntax tree, and reporting none is cheap.)
        var emitted = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Where(o => AddsSource(o.Value)).ToList();
        Assert.NotEmpty(emitted);
        Assert.All(emitted, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void MovingTheDeclarationReparsesButDoesNotReplan()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Network);
        GeneratorDriver driver = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation).Driver;

        SyntaxTree tree = compilation.SyntaxTrees[0];
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// A comment moves every location.\n" + Network)));
        GeneratorRunResult result = GeneratorHarness.Run(driver, edited).Driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Parse].Single().Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[TrackingNames.Validate].Single().Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, result.TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, result.TrackedSteps[TrackingNames.Plan].Single().Outputs.Single().Reason);
    }

    [Fact]
    public void NoStepCachesSymbolsSyntaxOrCompilations()
    {
        GeneratorRunResult result = GeneratorHarness.Run(Network, "using LeNet.Generated; [Network(Height = 2, Width = 2)] [Conv2d(1, KernelSize = 3)] public sealed partial class Bad;", WithoutNetwork)
            .Driver.GetRunResult().Results.Single();

        foreach (string step in Steps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    /// <summary>Output steps record (sources, diagnostics) tuples; the emitting one has sources.</summary>
    private static bool AddsSource(object value) =>
        value.GetType().GetField("Item1")?.GetValue(value) is IEnumerable sources && sources.GetEnumerator().MoveNext();

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which keeps a compilation alive and breaks caching.");
        if (value is DiagnosticDescriptor or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan)
        {
            return; // Immutable descriptors and plain position values.
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                AssertNoRoslynObjects(property.GetValue(value), $"{path}.{property.Name}", seen);
            }
        }
    }
}
