using LeNet.Generated;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Weights;

namespace LeNet.Browser;

/// <summary>
/// Every call the page makes into the network: the weights that classify, their loading and saving,
/// and a fresh network trained step by step. Single-threaded, as WebAssembly runs it. Not thread-safe.
/// </summary>
public sealed class NetworkSession
{
    /// <summary>Pixels of one input image.</summary>
    public const int InputLength = LeNet5.InputLength;

    /// <summary>Digits the network tells apart.</summary>
    public const int Classes = LeNet5.OutputLength;

    private readonly float[] _logits = new float[Classes];
    private LeNet5 _classifier = new(seed: 1);
    private LeNet5? _trainee;
    private Adam<float>? _optimizer;

    /// <summary>Loads the classifying weights from a safetensors file's bytes.</summary>
    public void LoadWeights(byte[] safetensors)
    {
        using var stream = new MemoryStream(safetensors, writable: false);
        SafeTensors.Read(stream, LeNet5.ParameterTensors, _classifier.Parameters);
    }

    /// <summary>The classifying weights as a safetensors file (PyTorch's state_dict names).</summary>
    public byte[] SaveWeights()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, LeNet5.ParameterTensors, _classifier.Parameters);
        return stream.ToArray();
    }

    /// <summary>Classifies one image (784 normalised pixels), writes the ten probabilities and returns the digit.</summary>
    public int Predict(ReadOnlySpan<float> image, Span<float> probabilities)
    {
        _classifier.Forward(image, _logits);
        Logits.Softmax<float>(_logits, probabilities);
        return Logits.ArgMax<float>(_logits);
    }

    /// <summary>Counts the images of <paramref name="images"/> the classifying weights label as <paramref name="labels"/> says.</summary>
    public int CountCorrect(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        Span<int> predictions = new int[labels.Length];
        _classifier.Predict(images, predictions);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }

        return correct;
    }

    /// <summary>Starts training a fresh network (PyTorch's default initialisation from <paramref name="seed"/>) with Adam.</summary>
    public void BeginTraining(int seed, float learningRate)
    {
        _trainee = new LeNet5(seed);
        _optimizer = new Adam<float>(LeNet5.ParameterCount, learningRate);
    }

    /// <summary>
    /// One training step of the fresh network on a batch: mean cross-entropy, gradients and Adam's update,
    /// as <c>TrainStep</c>, also writing each image's prediction before the update. Returns the mean loss.
    /// </summary>
    public float TrainStep(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, Span<int> predictions)
    {
        LeNet5 network = _trainee ?? throw new InvalidOperationException("Call BeginTraining first.");
        network.ZeroGradients();
        float loss = network.AccumulateGradients(images, labels, 1f / labels.Length, default, predictions);
        _optimizer!.Step(network.Parameters, network.Gradients);
        return loss / labels.Length;
    }

    /// <summary>From now on the freshly trained network classifies.</summary>
    public void UseTrainedNetwork()
    {
        _classifier = _trainee ?? throw new InvalidOperationException("Call BeginTraining first.");
        _trainee = null;
        _optimizer = null;
    }
}
