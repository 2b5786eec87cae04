using Microsoft.ML.OnnxRuntime;

namespace LeNet.Benchmarks;

/// <summary>ONNX Runtime on lenet5.onnx with its inputs and outputs bound once (IOBinding), so a run copies nothing.</summary>
internal sealed class OnnxLeNet5 : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _run = new();
    private readonly OrtValue _input, _output;

    public OnnxLeNet5(float[] images, float[] logits, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(Workload.File("lenet5.onnx"), options);
        int count = images.Length / LeNet5.InputLength;
        _input = OrtValue.CreateTensorValueFromMemory(images, [count, 1, 28, 28]);
        _output = OrtValue.CreateTensorValueFromMemory(logits, [count, 10]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("images", _input);
        _binding.BindOutput("logits", _output);
    }

    public void Run() => _session.RunWithBinding(_run, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _run.Dispose();
        _session.Dispose();
    }
}
