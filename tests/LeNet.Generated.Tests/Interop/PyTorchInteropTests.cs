using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Tests.Interop;

/// <summary>
/// Weights both ways between PyTorch and the generated LeNet-5 on all 10,000 MNIST test images:
/// PyTorch's reference nn.Sequential LeNet5 loaded through <see cref="SequentialNames.LeNet5"/> gives
/// PyTorch's logits, and the generated network's trained weights give in PyTorch the predictions they
/// give here (oracles: Interop/*.safetensors, written by Interop/pytorch_interop.py).
/// </summary>
public sealed class PyTorchInteropTests
{
    private const double LogitTolerance = 1e-5;

    [Fact]
    public void PyTorchWeightsGivePyTorchsLogitsOnTheTestSet()
    {
        var network = new LeNet5();
        SafeTensors.Load<LeNet5, float>(network, InteropFiles.PyTorchWeights, SequentialNames.LeNet5);

        var logits = new float[InteropFiles.TestImages * LeNet5.OutputLength];
        network.Forward(InteropFiles.TestSet.Images, logits);

        Tolerance.Absolute(ToDouble(InteropFiles.PyTorchLogits()), logits, LogitTolerance, "logits of PyTorch's weights");
    }

    [Fact]
    public void GeneratedWeightsPredictInPyTorchWhatTheyPredictHere()
    {
        var network = new LeNet5();
        SafeTensors.Load<LeNet5, float>(network, InteropFiles.GeneratedWeights);
        var predictions = new int[InteropFiles.TestImages];
        network.Predict(InteropFiles.TestSet.Images, predictions);

        float[] pytorch = InteropFiles.PyTorchLogitsOfGeneratedWeights();
        for (int i = 0; i < predictions.Length; i++)
        {
            Assert.True(
                Logits.ArgMax<float>(pytorch.AsSpan(i * 10, 10)) == predictions[i],
                $"test image {i}: PyTorch predicts {Logits.ArgMax<float>(pytorch.AsSpan(i * 10, 10))}, the generated network {predictions[i]}.");
        }

        var logits = new float[pytorch.Length];
        network.Forward(InteropFiles.TestSet.Images, logits);
        Tolerance.Absolute(ToDouble(pytorch), logits, LogitTolerance, "logits of the generated network's weights");
        Assert.Equal(9915, predictions.Where((p, i) => p == InteropFiles.TestSet.Labels[i]).Count());
    }

    [Fact]
    public void WritesAFileUnderPyTorchsNamesThatLoadsBack()
    {
        using var directory = new TemporaryDirectory();
        var trained = new LeNet5();
        SafeTensors.Load<LeNet5, float>(trained, InteropFiles.GeneratedWeights);
        IReadOnlyList<ParameterTensor> pytorchNamed = SequentialNames.ToFileNames(LeNet5.ParameterTensors, SequentialNames.LeNet5);
        SafeTensors.Write(directory.File("pt.safetensors"), pytorchNamed, trained.Parameters);

        // The file holds exactly the reference model's state_dict keys...
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(directory.File("pt.safetensors"), [new("conv1.weight", 0, [6, 1, 5, 5])], new float[150]));
        Assert.Contains("'features.0.weight', 'features.0.bias', 'features.3.weight', 'features.3.bias', 'classifier.0.weight', 'classifier.0.bias', 'classifier.2.weight', 'classifier.2.bias', 'classifier.4.weight', 'classifier.4.bias'", error.Message);

        // ...and loads back through the map bit for bit.
        var loaded = new LeNet5(seed: 3);
        SafeTensors.Load<LeNet5, float>(loaded, directory.File("pt.safetensors"), SequentialNames.LeNet5);
        Assert.True(trained.Parameters.SequenceEqual(loaded.Parameters));
    }

    [Fact]
    public void TheMapFromModulePathsIsTheReadyMadeOne()
    {
        IReadOnlyDictionary<string, string> map = SequentialNames.Create(LeNet5.ParameterTensors, "features.0", "features.3", "classifier.0", "classifier.2", "classifier.4");
        Assert.Equal(SequentialNames.LeNet5.OrderBy(p => p.Key), map.OrderBy(p => p.Key));
        Assert.Equal("conv1.weight", map["features.0.weight"]);
        Assert.Equal("fc3.bias", map["classifier.4.bias"]);
        Assert.Equal(10, map.Count);
    }

    [Fact]
    public void AMapWithTheWrongNumberOfModulesSaysHowManyLayersThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => SequentialNames.Create(LeNet5.ParameterTensors, "features.0", "features.3", "classifier.0"));
        Assert.StartsWith("3 module paths for 5 layers with parameters (conv1, conv2, fc1, fc2, fc3); expected one path per layer, in order.", error.Message);
    }

    [Fact]
    public void PyTorchNamesWithoutTheMapNameTheMissingTensorsAndTheFilesOnes()
    {
        var network = new LeNet5(seed: 1);
        float[] before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load<LeNet5, float>(network, InteropFiles.PyTorchWeights));
        Assert.Contains("missing tensors 'conv1.weight', 'conv1.bias'", error.Message);
        Assert.Contains("the file has 10: 'features.0.weight'", error.Message);
        Assert.True(before.AsSpan().SequenceEqual(network.Parameters));
    }

    [Fact]
    public void AMapThatPairsTheWrongLayersNamesTheTensorAndTheShapeExpected()
    {
        // classifier.0 is fc1 (120×400); mapped to fc2 it has the wrong shape.
        IReadOnlyDictionary<string, string> swapped = SequentialNames.Create(LeNet5.ParameterTensors, "features.0", "features.3", "classifier.2", "classifier.0", "classifier.4");
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load<LeNet5, float>(new LeNet5(), InteropFiles.PyTorchWeights, swapped));
        Assert.EndsWith("tensor 'classifier.2.weight' (loaded as 'fc1.weight') has shape [84, 120]; expected [120, 400].", error.Message);
    }

    [Fact]
    public void AnIntegerTensorNamesTheTensorAndTheDtypesExpected()
    {
        using var directory = new TemporaryDirectory();
        byte[] file = File.ReadAllBytes(InteropFiles.PyTorchWeights);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, (int)BitConverter.ToUInt64(file));
        int at = header.IndexOf("\"classifier.2.bias\":{\"dtype\":\"F32\"", StringComparison.Ordinal);
        Assert.True(at >= 0, "expected classifier.2.bias in the header as the script writes it");
        byte[] damaged = (byte[])file.Clone();
        System.Text.Encoding.ASCII.GetBytes("I32").CopyTo(damaged, 8 + at + "\"classifier.2.bias\":{\"dtype\":\"".Length);
        File.WriteAllBytes(directory.File("i32.safetensors"), damaged); // same 4 bytes per element: only the dtype is wrong

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load<LeNet5, float>(new LeNet5(), directory.File("i32.safetensors"), SequentialNames.LeNet5));
        Assert.Contains("tensor 'classifier.2.bias' (loaded as 'fc2.bias') has dtype I32; expected F32 (or F64, converted).", error.Message);
    }

    [Fact]
    public void ATruncatedFileIsRejectedWithoutTouchingTheNetwork()
    {
        using var directory = new TemporaryDirectory();
        byte[] file = File.ReadAllBytes(InteropFiles.PyTorchWeights);
        File.WriteAllBytes(directory.File("cut.safetensors"), file[..(file.Length - 100)]);
        var network = new LeNet5(seed: 2);
        float[] before = network.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load<LeNet5, float>(network, directory.File("cut.safetensors"), SequentialNames.LeNet5));
        Assert.Contains("cut.safetensors: tensor 'classifier.4.weight' has data_offsets [243424, 246784], past the end of the 246724-byte data section", error.Message);
        Assert.True(before.AsSpan().SequenceEqual(network.Parameters));
    }

    private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();
}
