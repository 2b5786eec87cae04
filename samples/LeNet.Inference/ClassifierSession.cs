using LeNet.Generated;

namespace LeNet.Inference;

/// <summary>
/// Classifies images on one thread with a shared <see cref="Classifier"/>'s weights. Everything it
/// needs is allocated when it is created: a prediction allocates nothing. Not thread-safe.
/// </summary>
public sealed class ClassifierSession
{
    private readonly InferenceWorkspace<LeNet5.Kernels, float> _workspace;
    // Batches go through the generated network's many-image kernels, which process lane groups of
    // images at once and run several times faster per image than one image at a time.
    private const int BatchSize = 64;

    private readonly float[] _logits = new float[LeNet5.OutputLength];
    private readonly float[] _batchLogits = new float[BatchSize * LeNet5.OutputLength];

    internal ClassifierSession(InferenceWorkspace<LeNet5.Kernels, float> workspace) => _workspace = workspace;

    /// <summary>The logits of the last <see cref="Classify(ReadOnlySpan{float}, Span{float})"/> call.</summary>
    public ReadOnlySpan<float> LastLogits => _logits;

    /// <summary>Returns the digit <paramref name="image"/> (784 normalised pixels, see <see cref="Pixels"/>) shows.</summary>
    public int Classify(ReadOnlySpan<float> image) => _workspace.Predict(image);

    /// <summary>Returns the digit <paramref name="image"/> shows and writes each digit's probability (softmax of the logits) to <paramref name="probabilities"/>.</summary>
    public int Classify(ReadOnlySpan<float> image, Span<float> probabilities)
    {
        _workspace.Forward(image, _logits);
        Logits.Softmax<float>(_logits, probabilities);
        return Logits.ArgMax<float>(_logits);
    }

    /// <summary>Writes the digit each of N images shows to <paramref name="predictions"/>.</summary>
    public void Classify(ReadOnlySpan<float> images, Span<int> predictions) => _workspace.Predict(images, predictions);

    /// <summary>
    /// Writes the digit each of N images (N × 784 normalised pixels) shows to <paramref name="predictions"/>
    /// and its 10 probabilities to <paramref name="probabilities"/> (N × 10).
    /// </summary>
    public void Classify(ReadOnlySpan<float> images, Span<int> predictions, Span<float> probabilities)
    {
        int count = predictions.Length;
        if (images.Length != count * LeNet5.InputLength || probabilities.Length != count * LeNet5.OutputLength)
        {
            throw new ArgumentException(
                $"{images.Length} pixels and {probabilities.Length} probabilities for {count} predictions; expected {count * LeNet5.InputLength} and {count * LeNet5.OutputLength}.");
        }

        for (int begin = 0; begin < count; begin += BatchSize)
        {
            int n = Math.Min(BatchSize, count - begin);
            Span<float> logits = _batchLogits.AsSpan(0, n * LeNet5.OutputLength);
            _workspace.Forward(images.Slice(begin * LeNet5.InputLength, n * LeNet5.InputLength), logits);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> row = logits.Slice(i * LeNet5.OutputLength, LeNet5.OutputLength);
                Logits.Softmax(row, probabilities.Slice((begin + i) * LeNet5.OutputLength, LeNet5.OutputLength));
                predictions[begin + i] = Logits.ArgMax(row);
            }
        }
    }
}
