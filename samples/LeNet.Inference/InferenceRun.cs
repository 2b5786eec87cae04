using System.Diagnostics;
using System.Globalization;
using LeNet.Generated;
using LeNet.Generated.Data;

namespace LeNet.Inference;

/// <summary>One run of the command line: load the weights, read and classify every input, print.</summary>
public static class InferenceRun
{
    /// <summary>Runs <paramref name="settings"/>, writing predictions and the summary to <paramref name="output"/>; returns the exit code.</summary>
    /// <exception cref="IOException">An input or the weights file cannot be read.</exception>
    /// <exception cref="InvalidDataException">An input or the weights file is damaged or of the wrong shape.</exception>
    public static int Execute(InferenceSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        Classifier classifier = Classifier.Load(settings.Weights, settings.NameMap);
        byte[]? labels = ReadLabels(settings);
        bool first = true;
        foreach (string input in settings.Inputs)
        {
            InputImages images = input == "-" ? InputImages.ReadStandardInput(ReadAll(Console.OpenStandardInput())) : InputImages.ReadFile(input);
            if (labels is not null && labels.Length != images.Count)
            {
                throw new InvalidDataException($"{settings.Labels}: {labels.Length} labels, but {images.Source} has {images.Count} images; expected one label per image.");
            }

            var pixels = new float[images.Count * Classifier.ImageLength];
            Pixels.Normalise(images.Pixels, pixels, settings.Invert);
            if (first && settings.Timing)
            {
                classifier.CreateSession().Classify(pixels.AsSpan(0, Classifier.ImageLength));
                TimeSpan sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first prediction {sinceStart.TotalMilliseconds:F0} ms after process start"));
            }

            first = false;
            var predictions = new int[images.Count];
            var probabilities = new float[images.Count * Classifier.Classes];
            var clock = Stopwatch.StartNew();
            ParallelClassification.Run(classifier, pixels, predictions, probabilities, settings.Threads);
            clock.Stop();
            Report(output, settings, classifier.Width, images, predictions, probabilities, labels, clock.Elapsed);
        }

        output.Flush();
        return 0;
    }

    private static string Kernels(VectorWidth width) =>
        width == VectorWidth.Scalar ? "scalar kernels" : $"{(int)width}-bit kernels";

    private static byte[]? ReadLabels(InferenceSettings settings)
    {
        if (settings.Labels is null)
        {
            return null;
        }

        if (settings.Inputs.Count != 1)
        {
            throw new InvalidDataException($"{settings.Labels}: labels given with {settings.Inputs.Count} inputs; expected a single IDX image input to check them against.");
        }

        byte[] labels = Idx.ReadLabels(settings.Labels);
        int bad = Array.FindIndex(labels, label => label >= Classifier.Classes);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{settings.Labels}: label {labels[bad]} at index {bad}; expected digits 0 to 9.");
        }

        return labels;
    }

    private static void Report(TextWriter output, InferenceSettings settings, VectorWidth width, InputImages images, int[] predictions, float[] probabilities, byte[]? labels, TimeSpan elapsed)
    {
        Span<int> order = stackalloc int[Classifier.Classes];
        for (int i = 0; i < images.Count && !settings.Quiet; i++)
        {
            string name = images.Count == 1 ? images.Source : $"{images.Source}[{i}]";
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{name}: {predictions[i]}"));
            ReadOnlySpan<float> shares = probabilities.AsSpan(i * Classifier.Classes, Classifier.Classes);
            MostLikelyFirst(shares, order);
            for (int k = 0; k < settings.Top; k++)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture, $"{(k == 0 ? "  " : ", ")}{order[k]} {shares[order[k]] * 100:F2} %"));
            }

            if (labels is not null)
            {
                output.Write(labels[i] == predictions[i] ? "  ✓" : string.Create(CultureInfo.InvariantCulture, $"  ✗ label {labels[i]}"));
            }

            output.WriteLine();
        }

        if (images.Count > 1 || settings.Quiet)
        {
            double rate = images.Count / Math.Max(elapsed.TotalSeconds, 1e-9);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{images.Source}: {images.Count:N0} images in {elapsed.TotalMilliseconds:F1} ms ({rate:N0} images/s, {settings.Threads} thread{(settings.Threads == 1 ? "" : "s")}, {Kernels(width)})"));
        }

        if (labels is not null)
        {
            int correct = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                correct += labels[i] == predictions[i] ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {100.0 * correct / labels.Length:F2} % ({correct:N0} of {labels.Length:N0})"));
        }
    }

    // Indices of the probabilities, largest first; the lower digit first on ties.
    private static void MostLikelyFirst(ReadOnlySpan<float> shares, Span<int> order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = 1; i < order.Length; i++)
        {
            for (int j = i; j > 0 && shares[order[j]] > shares[order[j - 1]]; j--)
            {
                (order[j], order[j - 1]) = (order[j - 1], order[j]);
            }
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
