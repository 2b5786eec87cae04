using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace LeNet.Benchmarks;

/// <summary>
/// Runs a benchmark class twice in one BenchmarkDotNet run, short-run counts: with <c>Vector&lt;float&gt;</c> at the
/// runtime's default width (256 bits on x64) and at 512 bits (<c>DOTNET_MaxVectorTBitWidth=512</c>,
/// 16-image lanes where the CPU has AVX-512), so the two widths are compared on the same machine state.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class VectorWidthsAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty()
        .AddJob(Job.ShortRun.WithId("Vector default"))
        .AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_MaxVectorTBitWidth", "512").WithId("Vector 512"));
}
