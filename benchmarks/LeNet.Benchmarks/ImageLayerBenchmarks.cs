using BenchmarkDotNet.Attributes;

namespace LeNet.Benchmarks;

/// <summary>
/// Per-layer profile of inference at batch 1: each per-image kernel of LeNet-5 alone
/// (<c>ForwardImage</c> runs them in this order). benchmarks/README.md sets them beside each layer's FMA floor.
/// </summary>
[MemoryDiagnoser]
[VectorWidths(simdOnly: true)]
public class ImageLayerBenchmarks
{
    private LeNet5.Kernels.ImageLayers _kernels = null!;
    private readonly float[] _activations = new float[TanhPerImage];

    /// <summary>The tanh of one forward: conv1's 6×28×28 outputs, conv2's 16×10×10, fc1's 120 and fc2's 84.</summary>
    private const int TanhPerImage = 4704 + 1600 + 120 + 84;

    [GlobalSetup]
    public void Setup()
    {
        _kernels = new LeNet5.Kernels.ImageLayers(Workload.Network());
        var random = new Random(42);
        for (int i = 0; i < _activations.Length; i++)
        {
            _activations[i] = (random.NextSingle() * 4) - 2;
        }
    }

    [Benchmark(Description = "conv1 forward + tanh")]
    public void Conv1() => _kernels.Conv1();

    [Benchmark(Description = "pool1 forward")]
    public void Pool1() => _kernels.Pool1();

    [Benchmark(Description = "pool1 forward, scalar kernel")]
    public void Pool1Scalar() => _kernels.Pool1Scalar();

    [Benchmark(Description = "conv2 forward + tanh")]
    public void Conv2() => _kernels.Conv2();

    [Benchmark(Description = "pool2 forward")]
    public void Pool2() => _kernels.Pool2();

    [Benchmark(Description = "pool2 forward, scalar kernel")]
    public void Pool2Scalar() => _kernels.Pool2Scalar();

    [Benchmark(Description = "fc1 forward + tanh")]
    public void Fc1() => _kernels.Fc1();

    [Benchmark(Description = "fc2 + fc3 forward")]
    public void Fc2AndFc3() => _kernels.Fc2AndFc3();

    /// <summary>Part of the kernels above, timed alone: what one image's tanh costs beside the multiply-adds' floor.</summary>
    [Benchmark(Description = "tanh of one image's 6,508 activations")]
    public void Tanh() => LeNet.Generated.VectorMath.TanhInPlace(_activations, LeNet.Generated.VectorWidths.Best);
}
