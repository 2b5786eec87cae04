using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using LeNet.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>The result of one generator run over an in-memory compilation.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<(string HintName, string Text)> Sources)
{
    /// <summary>Compiler errors and warnings of the input plus the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>Every generated file, each under a header line naming it, in the order the generator added them.</summary>
    public string Source => string.Join("\n", Sources.Select(s => $"// ==== {s.HintName} ====\n{s.Text}"));

    /// <summary>Networks generated: each is a file for its class and one per profile for its kernels.</summary>
    public int NetworkCount => Sources.Length / (1 + Generator.Plan.Profile.All.Count);

    /// <summary>The generated file whose hint name ends with <paramref name="suffix"/>.</summary>
    public string File(string suffix) => Assert.Single(Sources, s => s.HintName.EndsWith(suffix, StringComparison.Ordinal)).Text;

    /// <summary>The plan of the one network in the run, as the pipeline's Plan step produced it.</summary>
    public Generator.Plan.NetworkPlan Plan =>
        (Generator.Plan.NetworkPlan)Assert.Single(Assert.Single(Driver.GetRunResult().Results).TrackedSteps[TrackingNames.Plan]).Outputs[0].Value;
}

/// <summary>Drives <see cref="NetworkGenerator"/> as the compiler does, over .NET 10 reference assemblies.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)];

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Networks",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new NetworkGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), Compilation(sources));

    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var sources = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray();
        return new GeneratorRun(driver, compilation, output, diagnostics, sources);
    }

    /// <summary>Runs the generator and asserts it reported nothing and its output compiles cleanly.</summary>
    public static GeneratorRun RunClean(params string[] sources)
    {
        GeneratorRun run = Run(sources);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        return run;
    }
}
