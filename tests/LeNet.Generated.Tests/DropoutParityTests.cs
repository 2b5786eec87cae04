using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests;

/// <summary>
/// Dropout against PyTorch 1.13 with the same masks (Golden/make_golden_modes.py draws them with the
/// runtime's hash): logits and loss in evaluation and in training, every gradient, and two SGD and two
/// Adam steps through <c>TrainStep</c>, in float and in double. The largest differences are written to the test output.
/// </summary>
public sealed class DropoutParityTests(ITestOutputHelper output)
{
    [Fact]
    public void DropoutNetMatchesPyTorch() => Check<DropoutNet, float>(GoldenModes.Load("dropout"), logits: 1e-5, gradients: 1e-4, parameters: 1e-6, output.WriteLine);

    [Fact]
    public void DropoutNetDoubleMatchesPyTorch() => Check<DropoutNetDouble, double>(GoldenModes.Load("dropout_double"), logits: 1e-12, gradients: 1e-11, parameters: 1e-13, output.WriteLine);

    internal static void Check<TNetwork, T>(GoldenModes golden, double logits, double gradients, double parameters, Action<string> log)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(golden.Tensors.Select(t => (t.Name, string.Join(",", t.Shape))), TNetwork.ParameterTensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        Assert.Equal(golden.Key(0), DropoutKey.ForStep(0, 0, 0).Step);
        Assert.Equal(golden.Key(1), DropoutKey.ForStep(0, 0, 1).Step);
        int n = golden.Batch;
        T[] inputs = golden.Inputs.Select(T.CreateTruncating).ToArray();
        TNetwork network = Fresh<TNetwork, T>(golden);

        // Evaluation: Forward and Loss, dropout the identity.
        var output = new T[n * TNetwork.OutputLength];
        network.Forward(inputs, output);
        Tolerance.Absolute(golden.EvalLogits, output, logits, "evaluation logits");
        log($"{golden.Name}: evaluation logits {Worst(golden.EvalLogits, output)}");
        Assert.Equal(golden.EvalLoss, double.CreateTruncating(network.Loss(inputs, golden.Labels)), logits);

        // Training, with the first step's masks.
        var inputGradients = new T[inputs.Length];
        network.ZeroGradients();
        T sum = network.AccumulateGradients(inputs, golden.Labels, T.One / T.CreateTruncating(n), NetworkMode.Training, new DropoutKey(golden.Key(0)), inputGradients, default, output);
        Tolerance.Absolute(golden.TrainLogits, output, logits, "training logits");
        log($"{golden.Name}: training logits {Worst(golden.TrainLogits, output)}");
        log($"{golden.Name}: parameter gradients {Worst(golden.Gradients, network.Gradients.ToArray())}");
        Assert.Equal(golden.TrainLoss, double.CreateTruncating(sum) / n, logits);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Tolerance.Relative(golden.Gradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), gradients, $"∂loss/∂{tensor.Name}");
        }

        Tolerance.PerImage(golden.InputGradient, inputGradients, TNetwork.InputLength, gradients, 1e-10, "∂loss/∂input");
        log($"{golden.Name}: input gradient {Worst(golden.InputGradient, inputGradients)}");

        // TrainStep draws the masks of DropoutKey.ForStep(seed, 0, step), the seed the network was created with (0).
        network = Fresh<TNetwork, T>(golden);
        var sgd = new Sgd<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Sgd.Lr), T.CreateTruncating(golden.Sgd.Momentum), T.CreateTruncating(golden.Sgd.WeightDecay));
        Assert.Equal(golden.SgdStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Tolerance.Absolute(golden.SgdParametersAfterStep1, network.Parameters, parameters, "parameters after one SGD step");
        Assert.Equal(golden.SgdStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Tolerance.Absolute(golden.SgdParametersAfterStep2, network.Parameters, parameters, "parameters after two SGD steps");
        log($"{golden.Name}: parameters after two SGD steps {Worst(golden.SgdParametersAfterStep2, network.Parameters.ToArray())}");

        network = Fresh<TNetwork, T>(golden);
        var adam = new Adam<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Adam.Lr));
        Assert.Equal(golden.AdamStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Tolerance.Absolute(golden.AdamParametersAfterStep1, network.Parameters, parameters * 10, "parameters after one Adam step");
        Assert.Equal(golden.AdamStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Tolerance.Absolute(golden.AdamParametersAfterStep2, network.Parameters, parameters * 10, "parameters after two Adam steps");
        log($"{golden.Name}: parameters after two Adam steps {Worst(golden.AdamParametersAfterStep2, network.Parameters.ToArray())}");
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

    private static TNetwork Fresh<TNetwork, T>(GoldenModes golden)
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
