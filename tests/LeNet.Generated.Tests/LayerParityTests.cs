using System.Numerics;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests;

/// <summary>
/// The layers and losses beyond the seed's vocabulary against PyTorch 1.13 (Golden/make_golden_layers.py),
/// in float and in double, at every vector width this processor accelerates and at the scalar kernels:
/// outputs of the batch (lane groups and leftovers) and of each image alone (the per-image kernels), the
/// loss, every parameter gradient, the input gradient and the parameters after two SGD steps. Tolerances
/// as <see cref="PyTorchParityTests"/> in float; in double both sides round at 1e-16, so 1e-12 to 1e-10.
/// Each test writes its largest differences to the test output.
/// </summary>
public sealed class LayerParityTests(ITestOutputHelper output)
{
    [Fact]
    public void LeakyReLUMatchesPyTorch() => Check<LeakyNet, float>("leaky");

    [Fact]
    public void LeakyReLUMatchesPyTorchInDouble() => Check<LeakyNetDouble, double>("leaky_double");

    [Fact]
    public void PoolPaddingMatchesPyTorch() => Check<PaddedPoolNet, float>("padded_pools");

    [Fact]
    public void PoolPaddingMatchesPyTorchInDouble() => Check<PaddedPoolNetDouble, double>("padded_pools_double");

    [Fact]
    public void GlobalAveragePoolingMatchesPyTorch() => Check<GlobalPoolNet, float>("global_pool");

    [Fact]
    public void GlobalAveragePoolingMatchesPyTorchInDouble() => Check<GlobalPoolNetDouble, double>("global_pool_double");

    [Fact]
    public void MeanSquaredErrorMatchesPyTorch() => Check<RegressionNet, float>("mse");

    [Fact]
    public void MeanSquaredErrorMatchesPyTorchInDouble() => Check<RegressionNetDouble, double>("mse_double");

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesPyTorch() => Check<MultiLabelNet, float>("bce_with_logits");

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesPyTorchInDouble() => Check<MultiLabelNetDouble, double>("bce_with_logits_double");

    private void Check<TNetwork, T>(string name)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GoldenVectors golden = GoldenVectors.Load(name);
        bool isFloat = typeof(T) == typeof(float);
        (double outputs, double gradients, double parameters) = isFloat ? (1e-5, 1e-4, 1e-6) : (1e-12, 1e-10, 1e-12);
        Assert.Equal(golden.Tensors.Select(t => (t.Name, string.Join(",", t.Shape))), TNetwork.ParameterTensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        foreach (VectorWidth width in Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated))
        {
            var figures = new Figures();
            TNetwork network = TNetwork.Create(0, width);
            Load(golden.Parameters, network.Parameters);
            T[] inputs = golden.Inputs.Select(T.CreateChecked).ToArray();
            int n = golden.Batch, length = TNetwork.InputLength, classes = TNetwork.OutputLength;

            var logits = new T[n * classes];
            network.Forward(inputs, logits);
            figures.Add("outputs", golden.Logits, logits);
            Tolerance.Absolute(golden.Logits, logits, outputs, $"{width}: outputs");
            var one = new T[classes];
            for (int i = 0; i < n; i++)
            {
                network.Forward(inputs.AsSpan(i * length, length), one);
                Tolerance.Absolute(golden.Logits.AsSpan(i * classes, classes), one, outputs, $"{width}: outputs of image {i} alone");
            }

            T[]? targets = golden.Targets?.Select(T.CreateChecked).ToArray();
            T Loss() => targets is null ? network.Loss(inputs, golden.Labels) : ((ITargets<T>)network).Loss(inputs, targets);
            T TrainStep(Sgd<T> sgd) => targets is null ? network.TrainStep(inputs, golden.Labels, sgd) : ((ITargets<T>)network).TrainStep(inputs, targets, sgd);
            Assert.Equal(golden.Loss, double.CreateChecked(Loss()), outputs);

            var inputGradients = new T[inputs.Length];
            network.ZeroGradients();
            T scale = T.One / T.CreateChecked(n);
            _ = targets is null
                ? network.AccumulateGradients(inputs, golden.Labels, scale, inputGradients)
                : ((ITargets<T>)network).AccumulateGradients(inputs, targets, scale, inputGradients);
            foreach (ParameterTensor tensor in TNetwork.ParameterTensors)
            {
                figures.Add("gradients", golden.Gradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length));
                Tolerance.Relative(golden.Gradients.AsSpan(tensor.Offset, tensor.Length), network.Gradients.Slice(tensor.Offset, tensor.Length), gradients, $"{width}: ∂loss/∂{tensor.Name}");
            }

            figures.Add("input gradient", golden.InputGradient, inputGradients);
            Tolerance.PerImage(golden.InputGradient, inputGradients, length, gradients, isFloat ? 1e-10 : 1e-18, $"{width}: ∂loss/∂input");

            var sgd = new Sgd<T>(TNetwork.ParameterCount, T.CreateChecked(golden.Sgd.Lr), T.CreateChecked(golden.Sgd.Momentum), T.CreateChecked(golden.Sgd.WeightDecay));
            Assert.Equal(golden.Step1Loss, double.CreateChecked(TrainStep(sgd)), outputs);
            Tolerance.Absolute(golden.ParametersAfterStep1, network.Parameters, parameters, $"{width}: parameters after one SGD step");
            Assert.Equal(golden.Step2Loss, double.CreateChecked(TrainStep(sgd)), outputs);
            figures.Add("parameters after two steps", golden.ParametersAfterStep2, network.Parameters);
            Tolerance.Absolute(golden.ParametersAfterStep2, network.Parameters, parameters, $"{width}: parameters after two SGD steps");
            output.WriteLine($"{name} {width}: {figures}");
        }
    }

    private static void Load<T>(double[] values, Span<T> parameters)
        where T : INumberBase<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            parameters[i] = T.CreateChecked(values[i]);
        }
    }

    /// <summary>The largest absolute difference, and the largest relative to its tensor's largest value, per quantity.</summary>
    private sealed class Figures
    {
        private readonly Dictionary<string, (double Absolute, double Relative)> _worst = [];

        public void Add<T>(string what, ReadOnlySpan<double> expected, ReadOnlySpan<T> actual)
            where T : INumberBase<T>
        {
            double scale = 0, absolute = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                scale = Math.Max(scale, Math.Abs(expected[i]));
                absolute = Math.Max(absolute, Math.Abs(double.CreateChecked(actual[i]) - expected[i]));
            }

            (double a, double r) = _worst.GetValueOrDefault(what);
            _worst[what] = (Math.Max(a, absolute), Math.Max(r, absolute / Math.Max(scale, double.Epsilon)));
        }

        public override string ToString() => string.Join("; ", _worst.Select(w => $"{w.Key} abs {w.Value.Absolute:G2} rel {w.Value.Relative:G2}"));
    }
}
