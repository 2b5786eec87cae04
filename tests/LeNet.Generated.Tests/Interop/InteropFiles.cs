using LeNet.Generated.Data;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Tests.Interop;

/// <summary>
/// The files Interop/pytorch_interop.py wrote with PyTorch 1.13 (the reference nn.Sequential LeNet5,
/// briefly trained, and both models' logits on the 10,000 MNIST test images), and the full test set.
/// </summary>
internal static class InteropFiles
{
    public const int TestImages = 10_000;

    /// <summary>The reference PyTorch LeNet5's state_dict: features.0.weight … classifier.4.bias.</summary>
    public static string PyTorchWeights => Path.Combine(AppContext.BaseDirectory, "Interop", "pytorch-lenet5.safetensors");

    /// <summary>The weights the generated LeNet-5 trained, committed with the inference sample.</summary>
    public static string GeneratedWeights => RepositoryFiles.File("samples/LeNet.Inference/lenet5.safetensors");

    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.Load(RepositoryFiles.Mnist, train: false));

    /// <summary>The MNIST test set, read once for all tests.</summary>
    public static MnistDataset TestSet => Test.Value;

    /// <summary>PyTorch's logits for the test set with its own weights.</summary>
    public static float[] PyTorchLogits() => Logits("pytorch-lenet5-logits.safetensors");

    /// <summary>PyTorch's logits for the test set with the generated network's weights.</summary>
    public static float[] PyTorchLogitsOfGeneratedWeights() => Logits("generated-lenet5-logits.safetensors");

    private static float[] Logits(string name)
    {
        var logits = new float[TestImages * 10];
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Interop", name), [new ParameterTensor("logits", 0, [TestImages, 10])], logits);
        return logits;
    }
}
