using System.Collections.Concurrent;
using System.Collections.Immutable;
using CsCheck;
using LeNet.Generated.Generator;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// The generator over random declarations, valid and not: it never throws, and every declaration
/// either yields code that parses or at least one LENET error on an attribute of the class. A
/// declaration that is itself a C# error gets no generated code that fails to parse and no
/// internal error. Deterministic by default (see <see cref="PropertySettings"/>); a failure is shrunk
/// by CsCheck and printed with its seed.
/// </summary>
public sealed class GeneratorPropertyTests(ITestOutputHelper output)
{
    public const int DefaultSpecs = 10_000;

    private static readonly ISourceGenerator Generator = new NetworkGenerator().AsSourceGenerator();

    [Fact]
    public void EveryDeclarationYieldsParsableCodeOrALocatedDiagnostic()
    {
        int specs = PropertySettings.Count("LENET_PROPERTY_SPECS", DefaultSpecs);
        ulong seed = PropertySettings.Seed;
        var outcomes = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentBag<(long Index, string Seed, string Message)>();
        Parallel.For(0, specs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var random = new PCG(1, seed + (ulong)i);
            string start = random.ToString();
            RandomDeclaration declaration = DeclarationGen.Declaration.Generate(random, null!, out _);
            try
            {
                outcomes.AddOrUpdate(Check(declaration), 1, (_, n) => n + 1);
            }
            catch (Exception e)
            {
                failures.Add((i, start, e.Message));
            }
        });

        output.WriteLine($"{specs} declarations from seed {seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        if (!failures.IsEmpty)
        {
            (long index, string start, string message) = failures.MinBy(f => f.Index);
            string shrunk = Shrink(start);
            Assert.Fail($"{failures.Count} of {specs} declarations failed (LENET_PROPERTY_SEED={seed}); the first, #{index} (CsCheck seed {start}): {message}\nShrunk by CsCheck:\n{shrunk}");
        }
    }

    /// <summary>Checks one declaration and names its outcome: "valid", "compiler error" or the first LENET error.</summary>
    internal static string Check(RandomDeclaration declaration)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(declaration.Sources());
        GeneratorDriver driver = CSharpGeneratorDriver.Create([Generator], parseOptions: GeneratorHarness.ParseOptions).RunGenerators(compilation);
        GeneratorDriverRunResult result = driver.GetRunResult();
        GeneratorRunResult run = Assert.Single(result.Results);
        if (run.Exception is not null)
        {
            throw new Xunit.Sdk.XunitException($"The generator threw {run.Exception}\n{declaration}");
        }

        ImmutableArray<Diagnostic> diagnostics = run.Diagnostics;
        Diagnostic? crash = diagnostics.FirstOrDefault(d => d.Id is "LENET999" or "CS8784" or "CS8785");
        Assert.True(crash is null, $"{crash}\n{declaration}");
        foreach (GeneratedSourceResult source in run.GeneratedSources)
        {
            Diagnostic? error = CSharpSyntaxTree.ParseText(source.SourceText, GeneratorHarness.ParseOptions).GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            Assert.True(error is null, $"The generated {source.HintName} does not parse: {error}\n{declaration}");
        }

        foreach (Diagnostic diagnostic in diagnostics)
        {
            Assert.StartsWith("LENET", diagnostic.Id, StringComparison.Ordinal);
            Assert.True(IsOnAnAttributeOfTheNetwork(diagnostic), $"{diagnostic} is not on an attribute of {RandomDeclaration.Name}\n{declaration}");
        }

        Diagnostic[] errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (declaration.BadArgument)
        {
            // The compiler reports the argument; whatever else is wrong, no code is generated from a guess at its value.
            Assert.True(run.GeneratedSources.Length == 0, $"Generated code for a declaration with a bad attribute argument\n{declaration}");
        }

        if (declaration.CompilerError)
        {
            return "compiler error";
        }

        if (declaration.WithoutNetwork)
        {
            // No [Network]: nothing is generated; layers are LENET014, a class with no layer attributes is no concern.
            Assert.True(run.GeneratedSources.Length == 0, $"Generated code without [Network]\n{declaration}");
            Assert.Equal(declaration.Layers.Count == 0 ? Array.Empty<string>() : new[] { "LENET014" }, errors.Select(e => e.Id).ToArray());
            return declaration.Layers.Count == 0 ? "no network, no layers" : "LENET014";
        }

        Assert.True(errors.Length > 0 != run.GeneratedSources.Length > 0, $"Expected code or an error, not {run.GeneratedSources.Length} files and {errors.Length} errors\n{declaration}");
        return errors.Length == 0 ? "valid" : errors[0].Id;
    }

    private static bool IsOnAnAttributeOfTheNetwork(Diagnostic diagnostic) =>
        diagnostic.Location.IsInSource
        && diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan) is AttributeSyntax { Parent.Parent: TypeDeclarationSyntax { Identifier.Text: RandomDeclaration.Name } } attribute
        && attribute.Span == diagnostic.Location.SourceSpan;

    /// <summary>Lets CsCheck start from the failing seed and search for a smaller declaration that fails too.</summary>
    private static string Shrink(string seed)
    {
        try
        {
            DeclarationGen.Declaration.Sample(d => { Check(d); }, seed: seed, iter: 5_000, threads: 1);
            return "(CsCheck could not reproduce it)";
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
