using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace LeNet.Benchmarks;

/// <summary>
/// The machine's multiply-add ceiling on one core, measured in the same run as the kernels so each
/// layer's floor comes from this processor: twelve independent fused multiply-add chains (more than
/// latency × pipes), reported per multiply-add of one lane, so 1 / mean is GMAC/s. The generated
/// kernels run at the widest of these widths the processor accelerates.
/// </summary>
/// <remarks>
/// Where 512-bit vectors run on 256-bit units (double-pumped, e.g. AMD Zen 4), both widths give the
/// same figure, and 16-image lanes cannot beat 8-image ones.
/// </remarks>
[MemoryDiagnoser]
public class PeakBenchmarks
{
    private const int Iterations = 100_000;
    private const int Chains = 12;

    [Benchmark(Description = "FMA peak, Vector256<float>", OperationsPerInvoke = Iterations * Chains * 8)]
    public Vector256<float> Vector256Peak() => Chains256(Iterations, Vector256.Create(1e-3f));

    [Benchmark(Description = "FMA peak, Vector512<float>", OperationsPerInvoke = Iterations * Chains * 16)]
    public Vector512<float> Vector512Peak() => Chains512(Iterations, Vector512.Create(1e-3f));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> Chains256(int n, Vector256<float> c)
    {
        Vector256<float> m = Vector256.Create(0.999f);
        Vector256<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> Chains512(int n, Vector512<float> c)
    {
        Vector512<float> m = Vector512.Create(0.999f);
        Vector512<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
