using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The generated networks against PyTorch 1.13 on the same parameters and batch (Golden/*.json,
/// written by Golden/make_golden.py): logits within 1e-5 absolute, gradients within 1e-4 relative
/// (to each parameter tensor's largest value; to each image's for the input gradient), SGD-updated
/// parameters within 1e-6.
/// </summary>
public sealed class PyTorchParityTests
{
    private const double LogitTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;
    private const double ParameterTolerance = 1e-6;

    /// <summary>Input gradients are compared image by image; this floor is far below every image's own 1e-4 (≥ 3e-9 in both golden batches).</summary>
    private const double InputGradientFloor = 1e-10;

    public static TheoryData<string> Networks => ["lenet5", "mixed"];

    [Fact]
    public void LeNet5MatchesPyTorch() => Check<LeNet5>(GoldenVectors.Load("lenet5"));

    [Fact]
    public void MixedNetMatchesPyTorch() => Check<MixedNet>(GoldenVectors.Load("mixed"));

    private static void Check<TNetwork>(GoldenVectors golden)
        where TNetwork : class, INetwork<TNetwork, float>
    {
        // Same tensors, same order, same shapes as PyTorch's state_dict.
        Assert.Equal(golden.Tensors.Select(t => (t.Name, string.Join(",", t.Shape))), TNetwork.ParameterTensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        Assert.Equal(golden.Parameters.Length, TNetwork.ParameterCount);

        TNetwork network = TNetwork.Create(0);
        Load(golden.Parameters, network.Parameters);
        float[] inputs = golden.Inputs.Select(v => (float)v).ToArray();
        int n = golden.Batch;

        var logits = new float[n * TNetwork.OutputLength];
        network.Forward(inputs, logits);
        Tolerance.Absolute(golden.Logits, logits, LogitTolerance, "logits");
        Assert.Equal(golden.Loss, network.Loss(inputs, golden.Labels), LogitTolerance);

        var inputGradients = new float[inputs.Length];
        network.ZeroGradients();
        float sum = network.AccumulateGradients(inputs, golden.Labels, 1f / n, inputGradients);
        Assert.Equal(golden.Loss, sum / n, LogitTolerance);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Tolerance.Relative(golden.Gradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), GradientTolerance, $"∂loss/∂{tensor.Name}");
        }

        Tolerance.PerImage(golden.InputGradient, inputGradients, TNetwork.InputLength, GradientTolerance, InputGradientFloor, "∂loss/∂input");

        var sgd = new Sgd<float>(TNetwork.ParameterCount, (float)golden.Sgd.Lr, (float)golden.Sgd.Momentum, (float)golden.Sgd.WeightDecay);
        Assert.Equal(golden.Step1Loss, network.TrainStep(inputs, golden.Labels, sgd), LogitTolerance);
        Tolerance.Absolute(golden.ParametersAfterStep1, network.Parameters, ParameterTolerance, "parameters after one SGD step");
        Assert.Equal(golden.Step2Loss, network.TrainStep(inputs, golden.Labels, sgd), LogitTolerance);
        Tolerance.Absolute(golden.ParametersAfterStep2, network.Parameters, ParameterTolerance, "parameters after a second SGD step (momentum)");
    }

    private static void Load(double[] values, Span<float> parameters)
    {
        for (int i = 0; i < values.Length; i++)
        {
            parameters[i] = (float)values[i];
        }
    }
}
