using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests;

/// <summary>
/// BatchNorm2d and BatchNorm1d against PyTorch 1.13 (Golden/make_golden_batchnorm.py): logits and loss in evaluation
/// with the initial running statistics (batched and image by image), the training pass's logits, loss, every gradient
/// and the running statistics it leaves, and two SGD and two Adam steps through <c>TrainStep</c> with the buffers and
/// the evaluation logits after them, in float and in double. The largest differences per tensor are written to the test output.
/// </summary>
public sealed class BatchNormParityTests(ITestOutputHelper output)
{
    [Fact]
    public void BatchNormNetMatchesPyTorch() => Check<BatchNormNet, float>(GoldenBatchNorm.Load("batchnorm"), logits: 1e-5, gradients: 1e-4, parameters: 1e-6, output.WriteLine);

    [Fact]
    public void BatchNormNetDoubleMatchesPyTorch() => Check<BatchNormNetDouble, double>(GoldenBatchNorm.Load("batchnorm_double"), logits: 1e-12, gradients: 1e-11, parameters: 1e-13, output.WriteLine);

    private static void Check<TNetwork, T>(GoldenBatchNorm golden, double logits, double gradients, double parameters, Action<string> log)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(golden.Tensors.Select(t => (t.Name, string.Join(",", t.Shape))), TNetwork.ParameterTensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        Assert.Equal(golden.BufferTensors.Select(t => (t.Name, string.Join(",", t.Shape))), TNetwork.BufferTensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        int n = golden.Batch, classes = TNetwork.OutputLength;
        T[] inputs = golden.Inputs.Select(T.CreateTruncating).ToArray();
        TNetwork network = Fresh<TNetwork, T>(golden);

        // Evaluation with the initial running statistics: batched, and one image at a time (the per-image kernels).
        var output = new T[n * classes];
        network.Forward(inputs, output);
        Compare(golden.Name, "evaluation logits", golden.EvalLogits, output, logits, log);
        Assert.Equal(golden.EvalLoss, double.CreateTruncating(network.Loss(inputs, golden.Labels)), logits);
        for (int i = 0; i < n; i++)
        {
            network.Forward(inputs.AsSpan(i * TNetwork.InputLength, TNetwork.InputLength), output.AsSpan(i * classes, classes));
        }

        Compare(golden.Name, "evaluation logits, image by image", golden.EvalLogits, output, logits, log);

        // One training pass: the batch's statistics, gradients through them, the running statistics moved once.
        var inputGradients = new T[inputs.Length];
        network.ZeroGradients();
        T sum = network.AccumulateGradients(inputs, golden.Labels, T.One / T.CreateTruncating(n), NetworkMode.Training, default, inputGradients, default, output);
        Compare(golden.Name, "training logits", golden.TrainLogits, output, logits, log);
        Assert.Equal(golden.TrainLoss, double.CreateTruncating(sum) / n, logits);
        double scale = golden.Gradients.Max(Math.Abs);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            double[] expected = golden.Gradients.AsSpan(tensor.Offset, tensor.Length).ToArray();
            T[] actual = network.Gradients.Slice(tensor.Offset, tensor.Length).ToArray();
            if (expected.Max(Math.Abs) < 1e-6 * scale)
            {
                // A bias right before a batch norm (through layers that keep a shift a shift) is 0 in exact arithmetic:
                // the batch's mean takes any shift away. Both sides hold rounding, held to the scale of all gradients.
                Tolerance.Absolute(expected, actual, gradients * scale, $"∂loss/∂{tensor.Name}");
                log($"{golden.Name}: ∂loss/∂{tensor.Name} (0 in exact arithmetic) {Worst(expected, actual)}");
                continue;
            }

            Tolerance.Relative(expected, actual, gradients, $"∂loss/∂{tensor.Name}");
            log($"{golden.Name}: ∂loss/∂{tensor.Name} {Worst(expected, actual)}");
        }

        Tolerance.PerImage(golden.InputGradient, inputGradients, TNetwork.InputLength, gradients, 1e-10, "∂loss/∂input");
        log($"{golden.Name}: ∂loss/∂input {Worst(golden.InputGradient, inputGradients)}");
        Compare(golden.Name, "buffers after one training pass", golden.BuffersAfterTrain, network.Buffers.ToArray(), parameters, log);

        network = Fresh<TNetwork, T>(golden);
        var sgd = new Sgd<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Sgd.Lr), T.CreateTruncating(golden.Sgd.Momentum), T.CreateTruncating(golden.Sgd.WeightDecay));
        Assert.Equal(golden.SgdStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Tolerance.Absolute(golden.SgdParametersAfterStep1, network.Parameters, parameters, "parameters after one SGD step");
        Assert.Equal(golden.SgdStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Compare(golden.Name, "parameters after two SGD steps", golden.SgdParametersAfterStep2, network.Parameters.ToArray(), parameters, log);
        Compare(golden.Name, "buffers after two SGD steps", golden.SgdBuffersAfterStep2, network.Buffers.ToArray(), parameters, log);
        network.Forward(inputs, output);
        Compare(golden.Name, "evaluation logits after two SGD steps", golden.SgdEvalLogitsAfterStep2, output, logits, log);

        // Adam divides each gradient by its own magnitude, so where the exact gradient is 0 it steps by the learning
        // rate in the direction of the rounding, PyTorch's and ours alike: those tensors are left out here, and so are
        // the running means, which the second step's batch statistics take from such a bias (and with them the
        // evaluation logits, checked after the SGD steps instead).
        network = Fresh<TNetwork, T>(golden);
        var adam = new Adam<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Adam.Lr));
        Assert.Equal(golden.AdamStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Tolerance.Absolute(Rounded(golden.AdamParametersAfterStep1, golden, scale), Rounded(network.Parameters.ToArray(), golden, scale), parameters * 10, "parameters after one Adam step");
        Assert.Equal(golden.AdamStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Compare(golden.Name, "parameters after two Adam steps (but those of 0 gradient)", Rounded(golden.AdamParametersAfterStep2, golden, scale), Rounded(network.Parameters.ToArray(), golden, scale), parameters * 10, log);
        Compare(golden.Name, "buffers after two Adam steps (but the running means)", WithoutMeans<TNetwork>(golden.AdamBuffersAfterStep2), WithoutMeans<TNetwork>(network.Buffers.ToArray().Select(double.CreateTruncating).ToArray()), parameters, log);
    }

    /// <summary>Buffers with the running means set to 0.</summary>
    private static double[] WithoutMeans<TNetwork>(double[] buffers)
        where TNetwork : class
    {
        double[] copy = (double[])buffers.Clone();
        foreach (ParameterTensor tensor in (IReadOnlyList<ParameterTensor>)typeof(TNetwork).GetProperty("BufferTensors")!.GetValue(null)!)
        {
            if (tensor.Name.EndsWith(".running_mean", StringComparison.Ordinal))
            {
                copy.AsSpan(tensor.Offset, tensor.Length).Clear();
            }
        }

        return copy;
    }

    /// <summary><paramref name="values"/> with 0 for the tensors whose exact gradient is 0 (see the gradient checks).</summary>
    private static double[] Rounded<T>(T[] values, GoldenBatchNorm golden, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Rounded(values.Select(double.CreateTruncating).ToArray(), golden, scale);

    private static double[] Rounded(double[] values, GoldenBatchNorm golden, double scale)
    {
        double[] copy = (double[])values.Clone();
        for (int i = 0; i < golden.Tensors.Count; i++)
        {
            int offset = golden.Tensors.Take(i).Sum(t => t.Shape.Aggregate(1, (a, b) => a * b));
            int length = golden.Tensors[i].Shape.Aggregate(1, (a, b) => a * b);
            if (golden.Gradients.AsSpan(offset, length).ToArray().Max(Math.Abs) < 1e-6 * scale)
            {
                copy.AsSpan(offset, length).Clear();
            }
        }

        return copy;
    }

    private static void Compare<T>(string name, string what, double[] expected, T[] actual, double absolute, Action<string> log)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        log($"{name}: {what} {Worst(expected, actual)}");
        Tolerance.Absolute(expected, actual, absolute, what);
    }

    /// <summary>The largest absolute difference, and the largest relative to the largest expected value.</summary>
    private static string Worst<T>(double[] expected, T[] actual)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double absolute = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            absolute = Math.Max(absolute, Math.Abs(double.CreateTruncating(actual[i]) - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        return $"max |difference| {absolute:G3}, {absolute / scale:G3} of max |expected| {scale:G3}";
    }

    internal static TNetwork Fresh<TNetwork, T>(GoldenBatchNorm golden)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        TNetwork network = TNetwork.Create(0);
        for (int i = 0; i < golden.Parameters.Length; i++)
        {
            network.Parameters[i] = T.CreateTruncating(golden.Parameters[i]);
        }

        return network;
    }
}
