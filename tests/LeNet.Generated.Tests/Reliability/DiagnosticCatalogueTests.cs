using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using LeNet.Generated.Generator;
using LeNet.Generated.Generator.Emit;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// docs/diagnostics.md and AnalyzerReleases.*.md against <see cref="DiagnosticDescriptors"/>: every
/// ID has a row with its severity and title, a release entry, and an example that triggers it
/// (LENET999, which has no known trigger, through an injected failure in parse and in emit).
/// </summary>
public sealed partial class DiagnosticCatalogueTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Ids => [.. Descriptors().Select(d => d.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void HasADocRowAndAReleaseEntry(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        string docs = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));
        Assert.Contains($"| {id} | {descriptor.DefaultSeverity} | {descriptor.Title} |", docs, StringComparison.Ordinal);
        Assert.Contains($"### {id}\n", docs, StringComparison.Ordinal);

        string releases = string.Concat(Directory.GetFiles(Path.Combine(Root, "generators", "LeNet.Generated.Generator"), "AnalyzerReleases.*.md").Select(File.ReadAllText));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}", releases, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheDocumentedExampleTriggersIt(string id)
    {
        if (id == "LENET999")
        {
            return; // no known trigger: see the injected failures below
        }

        string docs = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));
        Match example = Regex.Match(docs, $"### {id}\\n\\n```csharp\\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success, $"docs/diagnostics.md has no csharp example right under ### {id}");

        GeneratorRun run = GeneratorHarness.Run("using LeNet.Generated;\n" + example.Groups["code"].Value);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("LENET", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFailureWhileParsingIsLENET999OnTheNetworkAttribute()
    {
        GeneratorRun run = Run(new FailingParseGenerator(), "using LeNet.Generated; [Network(Height = 4, Width = 4)] [Linear(2)] public sealed partial class Net;");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("LENET999", diagnostic.Id);
        Assert.Equal("The LeNet.Generated generator failed on 'Net': injected. This is a bug; please report it with the declaration.", diagnostic.GetMessage());
        Assert.Equal("Network(Height = 4, Width = 4)", run.Input.SyntaxTrees[0].GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void AFailureWhileEmittingIsLENET999()
    {
        var type = new TypeDeclaration("Fuzz", EquatableArray<string>.Empty, "class", "Net");
        var spec = new NetworkSpec(type, null, 1, 4, 4, ScalarType.Float, new[] { new LayerSpec(LayerKind.Linear, 2, null, null, null, null) }.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty, HasCompilerErrors: false);
        NetworkPlan plan = Planner.Plan(Validator.Validate(spec, default).Model!, default);
        var reported = new List<Diagnostic>();

        IReadOnlyList<GeneratedFile>? files = NetworkGenerator.SafeEmit(plan, TargetFeatures.Latest, reported.Add, default, (_, _, _) => throw new InvalidOperationException("injected"));

        Assert.Null(files);
        Diagnostic diagnostic = Assert.Single(reported);
        Assert.Equal("LENET999", diagnostic.Id);
        Assert.Contains("failed on 'Net': injected", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.NotNull(NetworkGenerator.SafeEmit(plan, TargetFeatures.Latest, reported.Add, default)); // the real emitter succeeds on the same plan
    }

    private static GeneratorRun Run(IIncrementalGenerator generator, string source)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        return new GeneratorRun(driver, compilation, output, diagnostics, []);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LeNet.Generated.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LeNet.Generated.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The generator's parse stage with a parser that throws, reporting what it returns.</summary>
    private sealed class FailingParseGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider.ForAttributeWithMetadataName(
                Parser.NetworkAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (context, cancellationToken) => NetworkGenerator.SafeParse(context, cancellationToken, (_, _) => throw new InvalidOperationException("injected")));
            context.RegisterSourceOutput(specs.Combine(context.CompilationProvider), static (context, input) =>
            {
                foreach (DiagnosticInfo diagnostic in input.Left.Diagnostics)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic(input.Right));
                }
            });
        }
    }
}
