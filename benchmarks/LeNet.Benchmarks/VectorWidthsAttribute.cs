using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace LeNet.Benchmarks;

/// <summary>
/// Runs a benchmark class in processes of each vector width in one BenchmarkDotNet run, short-run counts:
/// the default process, which picks the widest width the CPU accelerates with no setting at all, and
/// processes with that width taken away — no AVX-512 (256-bit kernels), no AVX2 (128-bit), no hardware
/// intrinsics (scalar) — so the default is compared with each forced width on the same machine state.
/// (.NET 10 reads <c>DOTNET_EnableAVX512</c>; the older <c>DOTNET_EnableAVX512F</c> is ignored.)
/// With <c>LENET_BENCH_DEFAULT_ONLY=1</c> in the environment, only the default process: a quick run of the
/// width every app gets.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class VectorWidthsAttribute : Attribute, IConfigSource
{
    /// <param name="simdOnly">Only the default and 256-bit processes (the per-layer profiles cover the SIMD widths).</param>
    public VectorWidthsAttribute(bool simdOnly = false)
    {
        ManualConfig config = ManualConfig.CreateEmpty().AddJob(Job.ShortRun.WithId("default"));
        if (Environment.GetEnvironmentVariable("LENET_BENCH_DEFAULT_ONLY") == "1")
        {
            Config = config;
            return;
        }

        config.AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("no AVX-512"));
        if (!simdOnly)
        {
            config.AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_EnableAVX2", "0").WithId("no AVX2"))
                .AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("no intrinsics"));
        }

        Config = config;
    }

    public IConfig Config { get; }
}
