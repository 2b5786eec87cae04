using BenchmarkDotNet.Attributes;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

namespace LeNet.Benchmarks;

/// <summary>One training step on a batch of 64 (forward, loss, backward, SGD with momentum), per image.</summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private Trainer<LeNet5, float> _trainer = null!;
    private float[] _images = null!;
    private int[] _labels = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        LeNet5 network = Workload.Network();
        _trainer = new Trainer<LeNet5, float>(network, new Sgd<float>(LeNet5.ParameterCount, 0.01f, 0.9f), new TrainingOptions { Threads = Threads, BatchSize = 64 });
        _images = Workload.Images(64);
        _labels = Workload.Labels(64);
    }

    [GlobalCleanup]
    public void Cleanup() => _trainer.Dispose();

    [Benchmark(Description = "generated, train step, batch 64", OperationsPerInvoke = 64)]
    public double TrainStep() => _trainer.Step(_images, _labels);
}
