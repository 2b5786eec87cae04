using BenchmarkDotNet.Attributes;
using LeNet.Generated.Training;

namespace LeNet.Benchmarks;

/// <summary>
/// Inference of one image and of a batch of 256, the generated network beside ONNX Runtime and the
/// naive runtime-shaped reference on the same weights.
/// </summary>
[MemoryDiagnoser]
[VectorWidths]
public class InferenceBenchmarks
{
    private LeNet5 _network = null!;
    private float[] _image = null!, _batch = null!, _logits = null!, _onnxLogits1 = null!, _onnxLogits = null!;
    private OnnxLeNet5 _onnx1 = null!, _onnx = null!;
    private ParallelInference<LeNet5, float> _parallel = null!;
    private NaiveLeNet5 _naive = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _network = Workload.Network();
        _image = Workload.Images(1);
        _batch = Workload.Images(256);
        _logits = new float[256 * LeNet5.OutputLength];
        _onnxLogits1 = new float[LeNet5.OutputLength];
        _onnxLogits = new float[256 * LeNet5.OutputLength];
        _onnx1 = new OnnxLeNet5(_image, _onnxLogits1, Threads);
        _onnx = new OnnxLeNet5(_batch, _onnxLogits, Threads);
        _parallel = new ParallelInference<LeNet5, float>(_network, Threads);
        _naive = new NaiveLeNet5(_network, Threads);

        // Same weights, same answers: otherwise the comparison means nothing.
        _onnx.Run();
        _parallel.Forward(_batch, _logits);
        float worst = _logits.Zip(_onnxLogits, (a, b) => Math.Abs(a - b)).Max();
        if (worst > 1e-4f)
        {
            throw new InvalidOperationException($"ONNX Runtime and the generated network disagree by {worst} on the same weights.");
        }

        float naiveWorst = _naive.Logits(_batch, 0).Zip(_logits, (a, b) => Math.Abs(a - b)).Max();
        if (naiveWorst > 1e-3f)
        {
            throw new InvalidOperationException($"The naive reference and the generated network disagree by {naiveWorst} on the same weights.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx1.Dispose();
        _onnx.Dispose();
        _parallel.Dispose();
    }

    [Benchmark(Description = "generated, batch 1")]
    public int GeneratedBatch1() => _network.Predict(_image);

    [Benchmark(Description = "ONNX Runtime, batch 1")]
    public void OnnxBatch1() => _onnx1.Run();

    [Benchmark(Description = "naive reference, batch 1")]
    public int NaiveBatch1() => _naive.Predict(_image, 0);

    [Benchmark(Description = "generated, batch 256", OperationsPerInvoke = 256)]
    public void GeneratedBatch256() => _parallel.Forward(_batch, _logits);

    [Benchmark(Description = "ONNX Runtime, batch 256", OperationsPerInvoke = 256)]
    public void OnnxBatch256() => _onnx.Run();

    [Benchmark(Description = "naive reference, batch 256", OperationsPerInvoke = 256)]
    public void NaiveBatch256() => _naive.Forward(_batch);
}
