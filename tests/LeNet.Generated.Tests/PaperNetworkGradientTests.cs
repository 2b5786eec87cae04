using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.Reference;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests;

/// <summary>
/// The 1998 paper's LeNet-5 at its real shapes (32×32 input, the C3 connection table, trainable
/// subsampling, the scaled tanh) against the naive runtime-shaped reference: logits, every parameter
/// gradient and each image's input gradient, through the lane kernels of a batch, the single-image
/// kernels, and <c>Backward</c> after a single-image <c>Forward</c>.
/// </summary>
public sealed class PaperNetworkGradientTests(ITestOutputHelper output)
{
    // float against a double reference: the largest errors seen are about 2e-6 of a tensor's or an image's scale.
    private const double LogitTolerance = 1e-5;
    private const double GradientTolerance = 2e-5;
    private const double InputGradientFloor = 1e-12;

    private static readonly NaiveNetwork Reference = new(1, 32, 32,
    [
        new NaiveConv(6, 5, 1, 0), new NaiveActivation("ScaledTanh"),
        new NaivePool(IsMax: false, 2, 2, Trainable: true), new NaiveActivation("ScaledTanh"),
        new NaiveConv(16, 5, 1, 0, Table(ConnectionTables.LeNet1998C3)), new NaiveActivation("ScaledTanh"),
        new NaivePool(IsMax: false, 2, 2, Trainable: true), new NaiveActivation("ScaledTanh"),
        new NaiveConv(120, 5, 1, 0), new NaiveActivation("ScaledTanh"),
        new NaiveLinear(84), new NaiveActivation("ScaledTanh"),
        new NaiveLinear(10),
    ]);

    [Fact]
    public void ABatchThroughTheLaneKernelsMatchesTheReference()
    {
        (LeNet1998 network, float[] inputs, int[] labels, Expected expected) = Setup();

        var logits = new float[labels.Length * LeNet1998.OutputLength];
        network.Forward(inputs, logits);
        for (int n = 0; n < labels.Length; n++)
        {
            Tolerance.Relative(expected.Logits[n], logits.AsSpan(n * LeNet1998.OutputLength, LeNet1998.OutputLength), LogitTolerance, $"logits of image {n}");
        }

        var inputGradients = new float[inputs.Length];
        network.ZeroGradients();
        float loss = network.AccumulateGradients(inputs, labels, 1f, inputGradients);

        Assert.Equal(expected.Loss, loss, expected.Loss * 1e-5);
        CheckGradients(network, expected.Gradients, "batch");
        Tolerance.PerImage(expected.InputGradients, inputGradients, LeNet1998.InputLength, GradientTolerance, InputGradientFloor, "∂loss/∂input (batch)");
    }

    [Fact]
    public void ImagesOneAtATimeMatchTheReference()
    {
        (LeNet1998 network, float[] inputs, int[] labels, Expected expected) = Setup();

        var inputGradients = new float[inputs.Length];
        network.ZeroGradients();
        for (int n = 0; n < labels.Length; n++)
        {
            int first = n * LeNet1998.InputLength;
            network.AccumulateGradients(inputs.AsSpan(first, LeNet1998.InputLength), labels.AsSpan(n, 1), 1f, inputGradients.AsSpan(first, LeNet1998.InputLength));
        }

        CheckGradients(network, expected.Gradients, "one image at a time");
        Tolerance.PerImage(expected.InputGradients, inputGradients, LeNet1998.InputLength, GradientTolerance, InputGradientFloor, "∂loss/∂input (one image at a time)");
    }

    [Fact]
    public void BackwardAfterASingleForwardMatchesTheReference()
    {
        (LeNet1998 network, float[] inputs, int[] labels, _) = Setup();
        double[] parameters = ToDouble(network.Parameters);
        double[] image = ToDouble(inputs.AsSpan(0, LeNet1998.InputLength));

        // ∂loss/∂logits of cross-entropy: softmax − one-hot, from the reference's logits.
        double[] z = Reference.Forward(parameters, image);
        double sum = z.Sum(v => Math.Exp(v - z.Max()));
        float[] outputGradient = z.Select((v, k) => (float)((Math.Exp(v - z.Max()) / sum) - (k == labels[0] ? 1 : 0))).ToArray();
        var expectedGradients = new double[LeNet1998.ParameterCount];
        (_, double[] expectedInput) = Reference.Backward(parameters, image, labels[0], expectedGradients);

        var logits = new float[LeNet1998.OutputLength];
        var inputGradient = new float[LeNet1998.InputLength];
        var workspace = network.CreateTrainingWorkspace();
        workspace.Forward(inputs.AsSpan(0, LeNet1998.InputLength), logits);
        workspace.Backward(outputGradient, inputGradient);

        CheckGradients(workspace, expectedGradients, "Backward");
        Tolerance.PerImage(expectedInput, inputGradient, LeNet1998.InputLength, GradientTolerance, InputGradientFloor, "∂loss/∂input (Backward)");
    }

    private void CheckGradients(ITrainingWorkspace<float> network, double[] expected, string path)
    {
        foreach (ParameterTensor tensor in LeNet1998.ParameterTensors)
        {
            ReadOnlySpan<float> actual = network.Gradients.Slice(tensor.Offset, tensor.Length);
            ReadOnlySpan<double> wanted = expected.AsSpan(tensor.Offset, tensor.Length);
            double scale = 0, error = 0;
            for (int i = 0; i < tensor.Length; i++)
            {
                scale = Math.Max(scale, Math.Abs(wanted[i]));
                error = Math.Max(error, Math.Abs(actual[i] - wanted[i]));
            }

            output.WriteLine($"{path}: ∂loss/∂{tensor.Name} largest error {error / scale:G2} of the tensor's largest value");
            Tolerance.Relative(wanted, actual, GradientTolerance, $"∂loss/∂{tensor.Name} ({path})");
        }
    }

    private sealed record Expected(double[][] Logits, double Loss, double[] Gradients, double[] InputGradients);

    /// <summary>Two lane groups and three single images of 32×32, the trainable pools moved off their initial 1 and 0, and what the reference computes for them.</summary>
    private static (LeNet1998 Network, float[] Inputs, int[] Labels, Expected Expected) Setup()
    {
        var network = new LeNet1998(seed: 9);
        var random = new Random(1998);
        foreach (ParameterTensor tensor in LeNet1998.ParameterTensors.Where(t => t.Name.StartsWith("pool", StringComparison.Ordinal)))
        {
            foreach (ref float value in network.Parameters.Slice(tensor.Offset, tensor.Length))
            {
                value += (float)(random.NextDouble() - 0.5);
            }
        }

        int batch = (2 * System.Numerics.Vector<float>.Count) + 3;
        float[] inputs = Enumerable.Range(0, batch * LeNet1998.InputLength).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(LeNet1998.OutputLength)).ToArray();

        double[] parameters = ToDouble(network.Parameters);
        var logits = new double[batch][];
        var gradients = new double[parameters.Length];
        var inputGradients = new double[inputs.Length];
        double loss = 0;
        for (int n = 0; n < batch; n++)
        {
            double[] image = ToDouble(inputs.AsSpan(n * LeNet1998.InputLength, LeNet1998.InputLength));
            logits[n] = Reference.Forward(parameters, image);
            (double imageLoss, double[] inputGradient) = Reference.Backward(parameters, image, labels[n], gradients);
            loss += imageLoss;
            inputGradient.CopyTo(inputGradients, n * LeNet1998.InputLength);
        }

        return (network, inputs, labels, new Expected(logits, loss, gradients, inputGradients));
    }

    /// <summary>The connection table read from its text, independently of the generator's parser.</summary>
    private static int[][] Table(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(row => row.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
