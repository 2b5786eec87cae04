using BenchmarkDotNet.Attributes;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

namespace LeNet.Benchmarks;

/// <summary>
/// One training step on a batch of 64 (forward, loss, backward, SGD with momentum), per image, on
/// noise or on MNIST: a trained network is confident on real digits, which is when tiny
/// probabilities could put subnormal numbers through the backward pass (see <c>SoftmaxCrossEntropy.FlushTiny</c>).
/// </summary>
[MemoryDiagnoser]
[VectorWidths]
public class TrainingBenchmarks
{
    private const int Batch = 64;
    private Trainer<LeNet5, float> _trainer = null!;
    private float[][] _images = null!;
    private int[][] _labels = null!;
    private NaiveLeNet5 _naive = null!;
    private int _next;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params("noise", "MNIST")]
    public string Data { get; set; } = "noise";

    [GlobalSetup]
    public void Setup()
    {
        LeNet5 network = Workload.Network();
        _trainer = new Trainer<LeNet5, float>(network, new Sgd<float>(LeNet5.ParameterCount, 0.01f, 0.9f), new TrainingOptions { Threads = Threads, BatchSize = Batch });
        (_images, _labels) = Data == "MNIST" ? Workload.MnistBatches(16, Batch) : ([Workload.Images(Batch)], [Workload.Labels(Batch)]);
        _naive = new NaiveLeNet5(network, Threads);

        // Two steps from the same weights give the same losses: the same gradients and the same update.
        for (int step = 0; step < 2; step++)
        {
            double generated = _trainer.Step(_images[0], _labels[0]), naive = _naive.TrainStep(_images[0], _labels[0]);
            if (Math.Abs(generated - naive) > 1e-3 * Math.Max(1, generated))
            {
                throw new InvalidOperationException($"Step {step + 1}: the generated network's loss is {generated}, the naive reference's {naive}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _trainer.Dispose();

    [Benchmark(Description = "generated, train step, batch 64", OperationsPerInvoke = Batch)]
    public double TrainStep()
    {
        int batch = _next++ % _images.Length;
        return _trainer.Step(_images[batch], _labels[batch]);
    }

    [Benchmark(Description = "naive reference, train step, batch 64", OperationsPerInvoke = Batch)]
    public double NaiveTrainStep()
    {
        int batch = _next++ % _images.Length;
        return _naive.TrainStep(_images[batch], _labels[batch]);
    }
}
