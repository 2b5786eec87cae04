using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.Interop;
using LeNet.Inference;

namespace LeNet.Generated.Tests.Inference;

/// <summary>The inference sample's predictions allocate nothing once a session is warm: one image or a batch, with probabilities.</summary>
public sealed class InferenceAllocationTests
{
    [Fact]
    public void APredictionAllocatesNoBytesAfterWarmUp()
    {
        Classifier classifier = Classifier.Load(InteropFiles.GeneratedWeights);
        ClassifierSession session = classifier.CreateSession();
        float[] images = InteropFiles.TestSet.Images.AsSpan(0, 100 * Classifier.ImageLength).ToArray();
        var probabilities = new float[100 * Classifier.Classes];
        var predictions = new int[100];
        int digits = 0;

        void Work()
        {
            for (int i = 0; i < 100; i++)
            {
                digits += session.Classify(images.AsSpan(i * Classifier.ImageLength, Classifier.ImageLength), probabilities.AsSpan(0, Classifier.Classes));
                digits += session.Classify(images.AsSpan(i * Classifier.ImageLength, Classifier.ImageLength));
            }

            session.Classify(images, predictions, probabilities);
            session.Classify(images, predictions);
        }

        Assert.Equal(0, Allocations.OnThisThread(Work));
        // The work was real: the first 100 test images are classified as well as the whole set is.
        Assert.True(predictions.Where((p, i) => p == InteropFiles.TestSet.Labels[i]).Count() >= 98);
        Assert.True(digits > 0);
    }
}
