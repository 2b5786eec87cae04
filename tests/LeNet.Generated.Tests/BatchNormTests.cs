using System.Runtime.Intrinsics;
using System.Text.Json;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Golden;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Training;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Tests;

/// <summary>
/// Batch normalisation beyond PyTorch's numbers (<see cref="BatchNormParityTests"/>): the same bits at every vector
/// width, central differences through the batch's statistics, PyTorch's error for one value per channel, which
/// pass moves the running statistics, the buffers in weight files and checkpoints, and no allocation per step.
/// </summary>
public sealed class BatchNormTests
{
    private static readonly VectorWidth[] Accelerated = [.. Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated)];

    private static readonly string[] What = ["losses", "parameters", "buffers", "evaluation logits", "one image's logits"];

    private static bool HasFma => Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported);

    /// <summary>
    /// Steps on batches of 19, 37 and 64 (whole groups and every narrower width for what is left) at each width end with
    /// the same parameters, running statistics and losses, bit for bit, and evaluate to the same logits, batched and per
    /// image, to 1e-4 (the per-image kernels that evaluate what is left after the last group add in another order).
    /// </summary>
    [Fact]
    public void TrainingAndEvaluationGiveTheSameBitsAtEveryWidth()
    {
        var random = new Random(5);
        (float[] Images, int[] Labels)[] batches =
        [
            .. new[] { 19, 37, 64 }.Select(count => (
                Enumerable.Range(0, count * BatchNormNet.InputLength).Select(_ => (random.NextSingle() * 3) - 1).ToArray(),
                Enumerable.Range(0, count).Select(_ => random.Next(BatchNormNet.OutputLength)).ToArray())),
        ];

        float[][] Run(VectorWidth width)
        {
            var network = new BatchNormNet(3, width);
            var sgd = new Sgd<float>(BatchNormNet.ParameterCount, 0.05f, momentum: 0.9f);
            float[] losses = [.. batches.Select(batch => network.TrainStep(batch.Images, batch.Labels, sgd))];
            var logits = new float[37 * BatchNormNet.OutputLength];
            network.Forward(batches[1].Images, logits);
            var image = new float[BatchNormNet.OutputLength];
            network.Forward(batches[1].Images.AsSpan(0, BatchNormNet.InputLength), image);
            return [losses, network.Parameters.ToArray(), network.Buffers.ToArray(), logits, image];
        }

        float[][] scalar = Run(VectorWidth.Scalar);
        Assert.Equal(3f, scalar[2][8]); // bn1's num_batches_tracked after three steps
        foreach (VectorWidth width in Accelerated.Where(w => w != VectorWidth.Scalar))
        {
            float[][] run = Run(width);
            for (int i = 0; i < run.Length; i++)
            {
                if (HasFma && i < 3)
                {
                    int first = Enumerable.Range(0, run[i].Length).FirstOrDefault(j => !run[i][j].Equals(scalar[i][j]), -1);
                    Assert.True(first < 0, $"{What[i]} at {width}: element {first} is {(first < 0 ? 0 : run[i][first]):R}, one element at a time {(first < 0 ? 0 : scalar[i][first]):R}");
                }
                else
                {
                    Assert.All(run[i].Zip(scalar[i]), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
                }
            }
        }
    }

    /// <summary>In training, the loss of a batch depends on all its images: central differences of the mean loss of the whole batch.</summary>
    [Fact]
    public void TrainingGradientsMatchCentralDifferences()
    {
        var network = new BatchNormNetDouble(seed: 4);
        var random = new Random(4);
        foreach (ref double value in network.Parameters)
        {
            value += 0.1 * (random.NextDouble() - 0.5); // γ and β off their initial 1 and 0
        }

        int batch = VectorWidths.Lanes<double>(VectorWidths.Best) + 3;
        double[] inputs = [.. Enumerable.Range(0, batch * BatchNormNetDouble.InputLength).Select(_ => (random.NextDouble() * 2) - 0.5)];
        int[] labels = [.. Enumerable.Range(0, batch).Select(_ => random.Next(BatchNormNetDouble.OutputLength))];
        double[] before = network.Buffers.ToArray();

        // A share that does not start the batch leaves the running statistics alone, so every pass sees the same ones.
        double Loss()
        {
            network.ZeroGradients();
            return network.AccumulateGradients(inputs, labels, 1.0 / batch, NetworkMode.Training, new DropoutKey(0, FirstImage: 1)) / batch;
        }

        var inputGradients = new double[inputs.Length];
        network.ZeroGradients();
        network.AccumulateGradients(inputs, labels, 1.0 / batch, NetworkMode.Training, new DropoutKey(0, FirstImage: 1), inputGradients);
        double[] analytic = network.Gradients.ToArray();
        double[] numeric = FiniteDifferenceTests.CentralDifferences(network.Parameters, Loss);
        double scale = analytic.Max(Math.Abs);
        foreach (ParameterTensor tensor in BatchNormNetDouble.ParameterTensors)
        {
            // A bias right before a batch norm has gradient 0: held to the scale of all gradients, and to the difference
            // quotient's rounding error, ε · |loss| / h.
            double tensorScale = Math.Max(numeric.AsSpan(tensor.Offset, tensor.Length).ToArray().Max(Math.Abs), 1e-3 * scale);
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                Assert.True(Math.Abs(numeric[i] - analytic[i]) <= (1e-7 * tensorScale) + 3e-11, $"∂loss/∂{tensor.Name}[{i - tensor.Offset}]: {analytic[i]} against central differences {numeric[i]}");
            }
        }

        double[] numericInput = FiniteDifferenceTests.CentralDifferences(inputs, Loss);
        Tolerance.PerImage(numericInput, inputGradients, BatchNormNetDouble.InputLength, 1e-7, 3e-11, "∂loss/∂input");
        Assert.Equal(before, network.Buffers.ToArray());
    }

    /// <summary>As PyTorch: one image gives BatchNorm1d one value per feature, which is refused before anything changes; evaluation is fine.</summary>
    [Fact]
    public void TrainingOnOneImageIsRefused()
    {
        var network = new BatchNormNet(seed: 2);
        float[] image = [.. Enumerable.Range(0, BatchNormNet.InputLength).Select(i => (i % 7) / 7f)];
        float[] parameters = network.Parameters.ToArray(), buffers = network.Buffers.ToArray();
        var sgd = new Sgd<float>(BatchNormNet.ParameterCount, 0.1f);
        ArgumentException error = Assert.Throws<ArgumentException>(() => network.TrainStep(image, [1], sgd));
        Assert.Equal("inputs", error.ParamName);
        Assert.StartsWith("Expected more than 1 value per channel when training: bn2 normalises each of its 12 features", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => network.AccumulateGradients(image, [1], 1f));
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(buffers, network.Buffers.ToArray());
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0f, g));

        network.AccumulateGradients(image, [1], 1f, NetworkMode.Evaluation, default);
        Assert.Contains(network.Gradients.ToArray(), g => g != 0);
    }

    /// <summary>Only a pass whose images start the step's batch moves the running statistics (the first thread's share, as DDP's rank 0).</summary>
    [Fact]
    public void OnlyThePassThatStartsTheBatchMovesTheRunningStatistics()
    {
        var network = new BatchNormNet(seed: 2);
        float[] images = [.. Enumerable.Range(0, 8 * BatchNormNet.InputLength).Select(i => (i % 11) / 5f)];
        int[] labels = [.. Enumerable.Range(0, 8).Select(i => i % 5)];
        float[] initial = network.Buffers.ToArray();
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 0], initial[..9]);

        ITrainingWorkspace<float> other = network.CreateTrainingWorkspace();
        other.AccumulateGradients(images, labels, 1f, NetworkMode.Training, new DropoutKey(9, FirstImage: 8));
        Assert.Equal(initial, network.Buffers.ToArray());

        other.AccumulateGradients(images, labels, 1f, NetworkMode.Training, new DropoutKey(9, FirstImage: 0));
        float[] moved = network.Buffers.ToArray();
        Assert.Equal(1f, moved[8]);
        Assert.NotEqual(initial[..4], moved[..4]);

        network.AccumulateGradients(images, labels, 1f, NetworkMode.Evaluation, default);
        Assert.Equal(moved, network.Buffers.ToArray());
    }

    /// <summary>
    /// A trainer on two threads: each normalises its own share, and the running statistics are those of the first share
    /// alone, bit for bit what a pass over those images gives.
    /// </summary>
    [Fact]
    public void TheTrainersRunningStatisticsComeFromTheFirstThreadsShare()
    {
        var random = new Random(8);
        float[] images = [.. Enumerable.Range(0, 64 * BatchNormMnistNet.InputLength).Select(_ => random.NextSingle())];
        int[] labels = [.. Enumerable.Range(0, 64).Select(_ => random.Next(10))];
        using var trainer = new Trainer<BatchNormMnistNet, float>(new BatchNormMnistNet(1), new Sgd<float>(BatchNormMnistNet.ParameterCount, 0.1f), new TrainingOptions { BatchSize = 64, Threads = 2, Seed = 1 });
        trainer.Step(images, labels);

        var reference = new BatchNormMnistNet(1);
        reference.AccumulateGradients(images.AsSpan(0, 32 * BatchNormMnistNet.InputLength), labels.AsSpan(0, 32), 1f / 64);
        Assert.Equal(reference.Buffers.ToArray(), trainer.Network.Buffers.ToArray());
        Assert.NotEqual(new BatchNormMnistNet(1).Buffers.ToArray(), trainer.Network.Buffers.ToArray());
    }

    /// <summary>Weights files hold the buffers under PyTorch's keys, <c>num_batches_tracked</c> as int64, and load back bit for bit.</summary>
    [Fact]
    public void SafeTensorsHoldTheBuffersUnderPyTorchsKeys()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("bn.safetensors");
        BatchNormNet network = Trained(seed: 5, steps: 3);
        SafeTensors.Save<BatchNormNet, float>(network, path);

        using (JsonDocument header = Header(path))
        {
            JsonElement tensors = header.RootElement;
            Assert.Equal("I64", tensors.GetProperty("bn1.num_batches_tracked").GetProperty("dtype").GetString());
            Assert.Equal(0, tensors.GetProperty("bn1.num_batches_tracked").GetProperty("shape").GetArrayLength());
            Assert.Equal("F32", tensors.GetProperty("bn2.running_var").GetProperty("dtype").GetString());
            Assert.Equal(
                BatchNormNet.ParameterTensors.Concat(BatchNormNet.BufferTensors).Select(t => t.Name).Order(StringComparer.Ordinal),
                tensors.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").Order(StringComparer.Ordinal));
            Assert.Equal(BatchNormNet.ParameterTensors.Count + BatchNormNet.BufferTensors.Count, tensors.EnumerateObject().Count(p => p.Name != "__metadata__"));
        }

        var loaded = new BatchNormNet(seed: 9);
        SafeTensors.Load<BatchNormNet, float>(loaded, path);
        Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(network.Buffers.ToArray(), loaded.Buffers.ToArray());
        Assert.Equal(3f, loaded.Buffers[8]);
    }

    /// <summary>
    /// A state_dict PyTorch wrote (Golden/make_golden_batchnorm.py: the float network after two SGD steps, its
    /// num_batches_tracked int64) loads whole, and the network then evaluates as PyTorch did.
    /// </summary>
    [Fact]
    public void LoadsPyTorchsStateDictWithItsBuffers()
    {
        GoldenBatchNorm golden = GoldenBatchNorm.Load("batchnorm");
        var network = new BatchNormNet(seed: 9);
        SafeTensors.Load<BatchNormNet, float>(network, Path.Combine(AppContext.BaseDirectory, "Golden", "batchnorm_state.safetensors"));
        Assert.Equal(golden.SgdParametersAfterStep2.Select(v => (float)v), network.Parameters.ToArray());
        Assert.Equal(golden.SgdBuffersAfterStep2.Select(v => (float)v), network.Buffers.ToArray());
        Assert.Equal(2f, network.Buffers[8]);

        float[] inputs = [.. golden.Inputs.Select(v => (float)v)];
        var logits = new float[golden.Batch * BatchNormNet.OutputLength];
        network.Forward(inputs, logits);
        Tolerance.Absolute(golden.SgdEvalLogitsAfterStep2, logits, 1e-5, "evaluation logits of PyTorch's state_dict");
    }

    /// <summary>A checkpoint restores the running statistics with the parameters: the resumed steps are the uninterrupted ones.</summary>
    [Fact]
    public void ACheckpointRestoresTheBuffers()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        (float[] images, int[] labels) = Batch(24, seed: 6);
        var network = new BatchNormNet(seed: 6);
        var adam = new Adam<float>(BatchNormNet.ParameterCount, 0.01f);
        network.TrainStep(images, labels, adam);
        Checkpoint.Save(path, network, adam, epoch: 1);
        network.TrainStep(images, labels, adam);

        var resumed = new BatchNormNet(seed: 7);
        var resumedAdam = new Adam<float>(BatchNormNet.ParameterCount, 0.01f);
        Checkpoint.Load(path, resumed, resumedAdam);
        Assert.Equal(1f, resumed.Buffers[8]);
        resumed.TrainStep(images, labels, resumedAdam);
        Assert.Equal(network.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.Equal(network.Buffers.ToArray(), resumed.Buffers.ToArray());
    }

    /// <summary>After the first pass of a size, whose activations it keeps for every lane group, nothing allocates.</summary>
    [Fact]
    public void StepsAllocateNothing()
    {
        var network = new BatchNormNet(seed: 1);
        ITrainingWorkspace<float> workspace = network.CreateTrainingWorkspace();
        var sgd = new Sgd<float>(BatchNormNet.ParameterCount, 0.01f, momentum: 0.9f, weightDecay: 1e-4f);
        (float[] images, int[] labels) = Batch(19, seed: 1);
        var logits = new float[19 * BatchNormNet.OutputLength];
        var predictions = new int[19];
        var inputGradients = new float[images.Length];

        void Work()
        {
            network.TrainStep(images, labels, sgd);
            network.Forward(images, logits);
            network.Predict(images, predictions);
            network.Predict(images.AsSpan(0, BatchNormNet.InputLength));
            ((TrainingWorkspace<BatchNormNet.Kernels, float>)workspace).Forward(images.AsSpan(0, BatchNormNet.InputLength), logits.AsSpan(0, BatchNormNet.OutputLength));
            ((TrainingWorkspace<BatchNormNet.Kernels, float>)workspace).Backward(logits.AsSpan(0, BatchNormNet.OutputLength), inputGradients.AsSpan(0, BatchNormNet.InputLength));
            network.Loss(images, labels);
            workspace.AccumulateGradients(images, labels, 1f / 19, inputGradients);
        }

        Assert.Equal(0, Allocations.OnThisThread(Work));
    }

    /// <summary>A trainer's step on two threads, every thread's allocations counted in a process of its own, after the first steps grew the buffers.</summary>
    [Fact]
    public void ATrainersStepAllocatesNothingAfterWarmUp() => Assert.Equal("0 bytes", ChildProcess.Run(MeasureTrainerAllocations));

    internal static string MeasureTrainerAllocations()
    {
        var random = new Random(8);
        float[] images = [.. Enumerable.Range(0, 64 * BatchNormMnistNet.InputLength).Select(_ => random.NextSingle())];
        int[] labels = [.. Enumerable.Range(0, 64).Select(_ => random.Next(10))];
        using var trainer = new Trainer<BatchNormMnistNet, float>(new BatchNormMnistNet(1), new Adam<float>(BatchNormMnistNet.ParameterCount, 0.001f), new TrainingOptions { BatchSize = 64, Threads = 2, Seed = 1 });
        return $"{Allocations.OnAllThreads(() => trainer.Step(images, labels))} bytes";
    }

    private static BatchNormNet Trained(int seed, int steps)
    {
        var network = new BatchNormNet(seed);
        var sgd = new Sgd<float>(BatchNormNet.ParameterCount, 0.1f);
        (float[] images, int[] labels) = Batch(21, seed);
        for (int i = 0; i < steps; i++)
        {
            network.TrainStep(images, labels, sgd);
        }

        return network;
    }

    private static (float[] Images, int[] Labels) Batch(int count, int seed)
    {
        var random = new Random(seed);
        return (
            [.. Enumerable.Range(0, count * BatchNormNet.InputLength).Select(_ => (random.NextSingle() * 2) - 0.5f)],
            [.. Enumerable.Range(0, count).Select(_ => random.Next(BatchNormNet.OutputLength))]);
    }

    /// <summary>The JSON header of a safetensors file.</summary>
    private static JsonDocument Header(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long length = BitConverter.ToInt64(bytes, 0);
        return JsonDocument.Parse(bytes.AsMemory(8, (int)length));
    }
}
