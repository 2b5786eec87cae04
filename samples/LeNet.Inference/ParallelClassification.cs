namespace LeNet.Inference;

/// <summary>
/// Classifies many images on several threads with one set of weights: each thread takes a
/// contiguous share of the images and its own <see cref="ClassifierSession"/>.
/// </summary>
public static class ParallelClassification
{
    /// <summary>
    /// Writes each image's class to <paramref name="predictions"/> and its <see cref="Classifier.Classes"/>
    /// probabilities to <paramref name="probabilities"/>, using <paramref name="threads"/> threads.
    /// </summary>
    /// <param name="classifier">The shared weights.</param>
    /// <param name="images">N × 784 normalised pixels.</param>
    /// <param name="predictions">N classes.</param>
    /// <param name="probabilities">N × 10 probabilities.</param>
    /// <param name="threads">Threads to use, at least 1.</param>
    public static void Run(Classifier classifier, ReadOnlyMemory<float> images, Memory<int> predictions, Memory<float> probabilities, int threads)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int count = predictions.Length;
        if (images.Length != count * Classifier.ImageLength || probabilities.Length != count * Classifier.Classes)
        {
            throw new ArgumentException(
                $"{images.Length} pixels and {probabilities.Length} probabilities for {count} predictions; expected {count * Classifier.ImageLength} and {count * Classifier.Classes}.");
        }

        threads = Math.Min(threads, Math.Max(count, 1));
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            ClassifierSession session = classifier.CreateSession();
            int begin = (int)((long)count * thread / threads);
            int end = (int)((long)count * (thread + 1) / threads);
            session.Classify(
                images.Span[(begin * Classifier.ImageLength)..(end * Classifier.ImageLength)],
                predictions.Span[begin..end],
                probabilities.Span[(begin * Classifier.Classes)..(end * Classifier.Classes)]);
        });
    }
}
