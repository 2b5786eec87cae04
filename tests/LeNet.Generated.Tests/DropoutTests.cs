using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>
/// Dropout's masks and modes: the rate and scaling of the masks, the identity in evaluation, masks that do
/// not depend on the vector width or on how a batch is split, central differences with the masks fixed,
/// an explicit mode, and no allocation.
/// </summary>
public sealed class DropoutTests
{
    private const double Step = 1e-5;

    [Fact]
    public void MasksDropAtRateAndScaleTheRest()
    {
        const int Images = 400, Length = 1000;
        DropoutLayer[] layers = [new(Mask: 0, Length: Length, P: 0.3)];
        var mask = new double[Length * 4];
        long dropped = 0;
        for (int first = 0; first < Images; first += 4)
        {
            DropoutMasks.Fill<double>(layers, mask, 4, NetworkMode.Training, new DropoutKey(12345, first));
            foreach (double m in mask)
            {
                Assert.True(m == 0 || m == 1 / (1 - 0.3), $"a mask holds 0 or 1/(1 − p), not {m}");
                dropped += m == 0 ? 1 : 0;
            }
        }

        // 400,000 draws: the standard deviation of the rate is 0.00072; four of them either side.
        double rate = (double)dropped / (Images * Length);
        Assert.InRange(rate, 0.3 - 0.0029, 0.3 + 0.0029);

        DropoutMasks.Fill<double>(layers, mask, 4, NetworkMode.Evaluation, new DropoutKey(12345));
        Assert.All(mask, m => Assert.Equal(1.0, m));
    }

    [Fact]
    public void MasksAreKeyedByStepLayerImageAndElement()
    {
        DropoutLayer[] layers = [new(0, 64, 0.5), new(64, 64, 0.5)];
        var a = new float[128];
        var b = new float[128];
        DropoutMasks.Fill<float>(layers, a, 1, NetworkMode.Training, new DropoutKey(1, 0));
        DropoutMasks.Fill<float>(layers, b, 1, NetworkMode.Training, new DropoutKey(2, 0));
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.AsSpan(0, 64).ToArray(), a.AsSpan(64, 64).ToArray());
        DropoutMasks.Fill<float>(layers, b, 1, NetworkMode.Training, new DropoutKey(1, 1));
        Assert.NotEqual(a, b);
        for (int e = 0; e < 64; e++)
        {
            Assert.Equal(DropoutMasks.Keeps(1, 1, 0, e, 0.5), a[64 + e] != 0);
        }
    }

    [Fact]
    public void EvaluationIsTheIdentity()
    {
        var network = new DropoutNet(seed: 3);
        (float[] inputs, int[] labels) = Batch<DropoutNet, float>(19);
        var forward = new float[19 * DropoutNet.OutputLength];
        var evaluated = new float[forward.Length];
        var trained = new float[forward.Length];
        network.Forward(inputs, forward);
        network.AccumulateGradients(inputs, labels, 1f, NetworkMode.Evaluation, new DropoutKey(7), default, default, evaluated);
        network.AccumulateGradients(inputs, labels, 1f, NetworkMode.Training, new DropoutKey(7), default, default, trained);
        // The batched Forward takes the leftover images through the per-image kernels, which round differently.
        Infrastructure.Tolerance.Absolute(forward.Select(v => (double)v).ToArray(), evaluated, 1e-6, "logits of AccumulateGradients in evaluation");
        Assert.True(forward.Zip(trained).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "training drops and rescales");
        Assert.Equal(network.Predict(inputs.AsSpan(0, DropoutNet.InputLength)), Logits.ArgMax<float>(forward.AsSpan(0, DropoutNet.OutputLength)));
    }

    [Fact]
    public void TheModeIsNeverImplied()
    {
        var network = new DropoutNet(seed: 3);
        (float[] inputs, int[] labels) = Batch<DropoutNet, float>(2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.AccumulateGradients(inputs, labels, 1f, default(NetworkMode), new DropoutKey(1)));
        Assert.Equal("mode", error.ParamName);
    }

    /// <summary>The same images give the same masks at every width and however the batch is split.</summary>
    [Fact]
    public void MasksDependOnNeitherWidthNorSplit()
    {
        (float[] inputs, int[] labels) = Batch<DropoutNet, float>(37);
        var key = new DropoutKey(99);
        float[]? expected = null;
        for (VectorWidth? next = VectorWidths.Best; next is { } width; next = VectorWidths.Narrower(width))
        {
            var network = new DropoutNet(seed: 5, width);
            var whole = new float[37 * DropoutNet.OutputLength];
            network.AccumulateGradients(inputs, labels, 1f, NetworkMode.Training, key, default, default, whole);
            expected ??= whole;
            Assert.Equal(expected, whole);

            // As two threads would: the second share keyed from its place in the batch.
            var split = new float[whole.Length];
            int at = 21;
            network.AccumulateGradients(inputs.AsSpan(0, at * DropoutNet.InputLength), labels.AsSpan(0, at), 1f, NetworkMode.Training, key, default, default, split.AsSpan(0, at * DropoutNet.OutputLength));
            network.AccumulateGradients(inputs.AsSpan(at * DropoutNet.InputLength), labels.AsSpan(at), 1f, NetworkMode.Training, key.From(at), default, default, split.AsSpan(at * DropoutNet.OutputLength));
            Assert.Equal(whole, split);
        }
    }

    [Fact]
    public void GradientsMatchCentralDifferencesWithTheMasksFixed()
    {
        var network = new DropoutNetDouble(seed: 4);
        (double[] inputs, int[] labels) = Batch<DropoutNetDouble, double>(VectorWidths.Lanes<double>(VectorWidths.Best) + 3);
        var key = new DropoutKey(2024);
        double scale = 1.0 / labels.Length;
        double Loss() => network.AccumulateGradients(inputs, labels, scale, NetworkMode.Training, key) * scale;

        var inputGradients = new double[inputs.Length];
        network.ZeroGradients();
        network.AccumulateGradients(inputs, labels, scale, NetworkMode.Training, key, inputGradients);
        double[] analytic = network.Gradients.ToArray();

        double[] numeric = CentralDifferences(network.Parameters, Loss);
        foreach (ParameterTensor tensor in DropoutNetDouble.ParameterTensors)
        {
            Infrastructure.Tolerance.Relative(numeric.AsSpan(tensor.Offset, tensor.Length), analytic.AsSpan(tensor.Offset, tensor.Length), 1e-7, $"∂loss/∂{tensor.Name}");
        }

        double[] numericInput = CentralDifferences(inputs, Loss);
        Infrastructure.Tolerance.PerImage(numericInput, inputGradients, DropoutNetDouble.InputLength, 1e-7, 1e-10, "∂loss/∂input"); // floor: ε · |loss| / h, the loss summed image by image
    }

    /// <summary>TrainStep keys its masks by the optimizer's step count, which a checkpoint keeps: a resumed network draws the uninterrupted one's masks.</summary>
    [Fact]
    public void TrainStepResumedFromACheckpointDrawsTheSameMasks()
    {
        using var directory = new Infrastructure.TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        (float[] inputs, int[] labels) = Batch<DropoutNet, float>(19);
        var straight = new DropoutNet(seed: 3);
        var sgd = new Sgd<float>(DropoutNet.ParameterCount, 0.1f);
        straight.TrainStep(inputs, labels, sgd);
        LeNet.Generated.Training.Checkpoint.Save(path, straight, sgd, epoch: 0);
        straight.TrainStep(inputs, labels, sgd);

        var resumed = new DropoutNet(seed: 3);
        var restored = new Sgd<float>(DropoutNet.ParameterCount, 0.1f);
        LeNet.Generated.Training.Checkpoint.Load(path, resumed, restored);
        resumed.TrainStep(inputs, labels, restored);
        Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
    }

    [Fact]
    public void TrainingWithDropoutAllocatesNothing()
    {
        var network = new DropoutNet(seed: 1);
        var adam = new Adam<float>(DropoutNet.ParameterCount, 0.01f);
        (float[] inputs, int[] labels) = Batch<DropoutNet, float>(19);
        var outputs = new float[19 * DropoutNet.OutputLength];
        void Work()
        {
            network.TrainStep(inputs, labels, adam);
            network.AccumulateGradients(inputs, labels, 1f, NetworkMode.Training, new DropoutKey(3, 5), default, default, outputs);
            network.Forward(inputs, outputs);
        }

        Assert.Equal(0, Infrastructure.Allocations.OnThisThread(Work));
    }

    private static double[] CentralDifferences(Span<double> values, Func<double> loss)
    {
        var numeric = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + Step;
            double plus = loss();
            values[i] = saved - Step;
            double minus = loss();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        return numeric;
    }

    private static (T[] Inputs, int[] Labels) Batch<TNetwork, T>(int batch)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(7);
        T[] inputs = Enumerable.Range(0, batch * TNetwork.InputLength).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1)).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(TNetwork.OutputLength)).ToArray();
        return (inputs, labels);
    }
}
