using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using LeNet.Generated;
using LeNet.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LeNet.Benchmarks;

/// <summary>
/// The generator on LeNet-5 as a build runs it: a fresh driver over a compilation holding the
/// declaration (parse, validate, plan, emit), and a second run after an unrelated edit, which the
/// incremental pipeline answers from its cache.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const string Declaration = """
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
        """;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        ImmutableArray<MetadataReference> references = [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)];
        _compilation = CSharpCompilation.Create(
            "Bench",
            [CSharpSyntaxTree.ParseText(Declaration, options, "LeNet5.cs"), CSharpSyntaxTree.ParseText("class Other { int Value => 1; }", options, "Other.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        SyntaxTree other = _compilation.SyntaxTrees[1];
        _edited = _compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("class Other { int Value => 2; }")));
        _warm = Driver().RunGenerators(_compilation);
        if (_warm.GetRunResult().GeneratedTrees.Length != 1)
        {
            throw new InvalidOperationException("The generator did not generate LeNet-5.");
        }
    }

    [Benchmark(Description = "generate LeNet-5, fresh driver")]
    public GeneratorDriver Generate() => Driver().RunGenerators(_compilation);

    [Benchmark(Description = "after an unrelated edit (cached)")]
    public GeneratorDriver AfterUnrelatedEdit() => _warm.RunGenerators(_edited);

    private static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(new NetworkGenerator());
}
