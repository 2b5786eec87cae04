using BenchmarkDotNet.Attributes;

namespace LeNet.Benchmarks;

/// <summary>
/// Per-layer profile of the batched training step: each lane kernel of LeNet-5 alone, per image
/// (a call serves one lane group of the process's vector width; <see cref="Groups"/>
/// calls per invocation make 64 images). benchmarks/README.md sets them beside each layer's FMA floor.
/// </summary>
[MemoryDiagnoser]
[VectorWidths(simdOnly: true)]
public class LayerBenchmarks
{
    private const int Images = 64;
    private LeNet5.Kernels.Layers _kernels = null!;

    private static int Groups => Images / LeNet5.Kernels.Layers.Lanes;

    [GlobalSetup]
    public void Setup() => _kernels = new LeNet5.Kernels.Layers(Workload.Network());

    [Benchmark(Description = "conv1 forward + tanh", OperationsPerInvoke = Images)]
    public void Conv1Forward() => Repeat(_kernels.Conv1Forward);

    [Benchmark(Description = "pool1 forward", OperationsPerInvoke = Images)]
    public void Pool1Forward() => Repeat(_kernels.Pool1Forward);

    [Benchmark(Description = "conv2 forward + tanh", OperationsPerInvoke = Images)]
    public void Conv2Forward() => Repeat(_kernels.Conv2Forward);

    [Benchmark(Description = "pool2 + fc1-3 forward", OperationsPerInvoke = Images)]
    public void DenseForward() => Repeat(_kernels.DenseForward);

    [Benchmark(Description = "fc3-1 dW", OperationsPerInvoke = Images)]
    public void DenseWeightGradients() => Repeat(_kernels.DenseWeightGradients);

    [Benchmark(Description = "fc3-1 dX + pool2 backward with conv2 tanh'", OperationsPerInvoke = Images)]
    public void DenseInputGradients() => Repeat(_kernels.DenseInputGradients);

    [Benchmark(Description = "conv2 dW", OperationsPerInvoke = Images)]
    public void Conv2WeightGradients() => Repeat(_kernels.Conv2WeightGradients);

    [Benchmark(Description = "conv2 dX", OperationsPerInvoke = Images)]
    public void Conv2InputGradients() => Repeat(_kernels.Conv2InputGradients);

    [Benchmark(Description = "conv1 dW", OperationsPerInvoke = Images)]
    public void Conv1WeightGradients() => Repeat(_kernels.Conv1WeightGradients);

    [Benchmark(Description = "pool1 backward with conv1 tanh'", OperationsPerInvoke = Images)]
    public void Pool1Gradients() => Repeat(_kernels.Pool1Gradients);

    [Benchmark(Description = "lane gradient sums", OperationsPerInvoke = Images)]
    public void LaneGradientSums() => Repeat(_kernels.LaneGradientSums);

    private static void Repeat(Action kernel)
    {
        for (int g = 0; g < Groups; g++)
        {
            kernel();
        }
    }
}
