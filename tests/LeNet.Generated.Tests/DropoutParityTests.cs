using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// Dropout against PyTorch 1.13 with the same masks (Golden/make_golden_modes.py draws them with the
/// runtime's hash): logits and loss in evaluation and in training, every gradient, and two SGD and two
/// Adam steps through <c>TrainStep</c>, in float and in double.
/// </summary>
public sealed class DropoutParityTests
{
    [Fact]
    public void DropoutNetMatchesPyTorch() => Check<DropoutNet, float>(GoldenModes.Load("dropout"), logits: 1e-5, gradients: 1e-4, parameters: 1e-6);

    [Fact]
    public void DropoutNetDoubleMatchesPyTorch() => Check<DropoutNetDouble, double>(GoldenModes.Load("dropout_double"), logits: 1e-12, gradients: 1e-11, parameters: 1e-13);

    internal static void Check<TNetwork, T>(GoldenModes golden, double logits, double gradients, double parameters)
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
        Assert.Equal(golden.EvalLoss, double.CreateTruncating(network.Loss(inputs, golden.Labels)), logits);

        // Training, with the first step's masks.
        var inputGradients = new T[inputs.Length];
        network.ZeroGradients();
        T sum = network.AccumulateGradients(inputs, golden.Labels, T.One / T.CreateTruncating(n), NetworkMode.Training, new DropoutKey(golden.Key(0)), inputGradients, default, output);
        Tolerance.Absolute(golden.TrainLogits, output, logits, "training logits");
        Assert.Equal(golden.TrainLoss, double.CreateTruncating(sum) / n, logits);
        foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
        {
            Tolerance.Relative(golden.Gradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), gradients, $"∂loss/∂{tensor.Name}");
        }

        Tolerance.PerImage(golden.InputGradient, inputGradients, TNetwork.InputLength, gradients, 1e-10, "∂loss/∂input");

        // TrainStep draws the masks of DropoutKey.ForStep(seed, 0, step), the seed the network was created with (0).
        network = Fresh<TNetwork, T>(golden);
        var sgd = new Sgd<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Sgd.Lr), T.CreateTruncating(golden.Sgd.Momentum), T.CreateTruncating(golden.Sgd.WeightDecay));
        Assert.Equal(golden.SgdStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Tolerance.Absolute(golden.SgdParametersAfterStep1, network.Parameters, parameters, "parameters after one SGD step");
        Assert.Equal(golden.SgdStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, sgd)), logits);
        Tolerance.Absolute(golden.SgdParametersAfterStep2, network.Parameters, parameters, "parameters after two SGD steps");

        network = Fresh<TNetwork, T>(golden);
        var adam = new Adam<T>(TNetwork.ParameterCount, T.CreateTruncating(golden.Adam.Lr));
        Assert.Equal(golden.AdamStep1Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Tolerance.Absolute(golden.AdamParametersAfterStep1, network.Parameters, parameters * 10, "parameters after one Adam step");
        Assert.Equal(golden.AdamStep2Loss, double.CreateTruncating(network.TrainStep(inputs, golden.Labels, adam)), logits);
        Tolerance.Absolute(golden.AdamParametersAfterStep2, network.Parameters, parameters * 10, "parameters after two Adam steps");
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
