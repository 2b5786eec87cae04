using LeNet.Generated.Data;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.Interop;
using LeNet.Inference;

namespace LeNet.Generated.Tests.Inference;

/// <summary>
/// The inference sample's committed weights on the full MNIST test set: the accuracy the training
/// sample reported when it wrote them (99.15 %, 9,915 of 10,000), whatever the number of threads.
/// </summary>
public sealed class ClassifierTests
{
    private const int TrainingSampleCorrect = 9915;

    [Fact]
    public void CommittedWeightsReachTheTrainingSamplesAccuracyOnEveryThreadCount()
    {
        Classifier classifier = Classifier.Load(InteropFiles.GeneratedWeights);
        MnistDataset test = InteropFiles.TestSet;
        int[]? first = null;
        foreach (int threads in new[] { 1, 3 })
        {
            var predictions = new int[test.Count];
            var probabilities = new float[test.Count * Classifier.Classes];
            ParallelClassification.Run(classifier, test.Images, predictions, probabilities, threads);

            Assert.Equal(TrainingSampleCorrect, predictions.Where((p, i) => p == test.Labels[i]).Count());
            first ??= predictions;
            Assert.Equal(first, predictions);
            for (int i = 0; i < test.Count; i += 997)
            {
                ReadOnlySpan<float> shares = probabilities.AsSpan(i * 10, 10);
                Assert.Equal(1.0, shares.ToArray().Sum(), 1e-5);
                Assert.Equal(predictions[i], Logits.ArgMax(shares));
            }
        }
    }

    [Fact]
    public void PixelsAreNormalisedExactlyAsTheTrainingSetWas()
    {
        IdxImages raw = Idx.ReadImages(Path.Combine(RepositoryFiles.Mnist, "t10k-images-idx3-ubyte.gz"));
        var inputs = new float[Classifier.ImageLength];
        Pixels.Normalise(raw.Pixels.AsSpan(0, Classifier.ImageLength), inputs);
        Assert.True(inputs.AsSpan().SequenceEqual(InteropFiles.TestSet.Images.AsSpan(0, Classifier.ImageLength)));

        Pixels.Normalise(raw.Pixels.AsSpan(0, Classifier.ImageLength).ToArray().Select(p => (byte)(255 - p)).ToArray(), inputs, invert: true);
        Assert.True(inputs.AsSpan().SequenceEqual(InteropFiles.TestSet.Images.AsSpan(0, Classifier.ImageLength)));
    }

    [Fact]
    public void LoadsThePyTorchReferenceWeightsThroughTheSequentialNames()
    {
        ClassifierSession session = Classifier.Load(InteropFiles.PyTorchWeights, LeNet.Generated.Weights.SequentialNames.LeNet5).CreateSession();
        float[] pytorch = InteropFiles.PyTorchLogits();
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Logits.ArgMax<float>(pytorch.AsSpan(i * 10, 10)), session.Classify(InteropFiles.TestSet.Images.AsSpan(i * 784, 784)));
        }
    }
}
