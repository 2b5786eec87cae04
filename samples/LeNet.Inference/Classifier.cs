using LeNet.Generated;
using LeNet.Generated.Weights;

namespace LeNet.Inference;

/// <summary>
/// One set of LeNet-5 weights, loaded once and shared read-only by any number of
/// <see cref="ClassifierSession"/>s, one per thread.
/// </summary>
public sealed class Classifier
{
    /// <summary>The weights committed with the sample, copied next to the executable.</summary>
    public const string DefaultWeightsFile = "lenet5.safetensors";

    private readonly LeNet5 _network;

    private Classifier(LeNet5 network) => _network = network;

    /// <summary>Number of classes: the digits 0 to 9.</summary>
    public static int Classes => LeNet5.OutputLength;

    /// <summary>Pixels per image, 28 × 28.</summary>
    public static int ImageLength => LeNet5.InputLength;

    /// <summary>The committed weights' path: next to the executable.</summary>
    public static string DefaultWeightsPath => Path.Combine(AppContext.BaseDirectory, DefaultWeightsFile);

    /// <summary>Loads weights from a safetensors file with the network's names, or PyTorch's <c>nn.Sequential</c> names given <paramref name="nameMap"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or does not hold LeNet-5's tensors.</exception>
    public static Classifier Load(string path, IReadOnlyDictionary<string, string>? nameMap = null)
    {
        var network = new LeNet5();
        SafeTensors.Load<LeNet5, float>(network, path, nameMap);
        return new Classifier(network);
    }

    /// <summary>A session for one thread: its own activation buffers over these weights.</summary>
    public ClassifierSession CreateSession() => new(_network.CreateInferenceWorkspace());

    /// <summary>The vector width the kernels run at: the widest this process accelerates (a NativeAOT binary: the widest its instruction set allows).</summary>
    public VectorWidth Width => _network.Width;
}
