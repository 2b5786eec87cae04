using System.Diagnostics;
using LeNet.Generated.Data;
using LeNet.Generated.Tests.IO;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// Many threads predicting with one set of weights, each with its own workspace, for a bounded
/// time: every pass gives bit for bit the logits of one thread alone.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    [Fact]
    public void ThreadsWithTheirOwnWorkspacesAgreeWithOneThread()
    {
        MnistDataset test = MnistDataset.Load(MnistSlice.Directory, train: false);
        var network = new LeNet5(seed: 5);
        var expected = new float[test.Count * LeNet5.OutputLength];
        network.Forward(test.Images, expected);

        int passes = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var workspace = network.CreateInferenceWorkspace();
            var logits = new float[expected.Length];
            var predictions = new int[test.Count];
            var random = new Random(t);
            while (watch.Elapsed < Duration && errors.IsEmpty)
            {
                // Whole set, a random slice, and image by image: all must match the single-threaded logits.
                workspace.Forward(test.Images, logits);
                if (!logits.AsSpan().SequenceEqual(expected))
                {
                    errors.Add($"thread {t}: batch logits differ");
                }

                int start = random.Next(test.Count - 16);
                workspace.Predict(test.Images.AsSpan(start * LeNet5.InputLength, 16 * LeNet5.InputLength), predictions.AsSpan(0, 16));
                for (int i = 0; i < 16; i++)
                {
                    ReadOnlySpan<float> row = expected.AsSpan((start + i) * LeNet5.OutputLength, LeNet5.OutputLength);
                    if (predictions[i] != workspace.Predict(test.Images.AsSpan((start + i) * LeNet5.InputLength, LeNet5.InputLength)) || predictions[i] != ArgMax(row))
                    {
                        errors.Add($"thread {t}: prediction of image {start + i} differs");
                    }
                }

                Interlocked.Increment(ref passes);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "A predicting thread hung."));

        output.WriteLine($"{Threads} threads, {passes} passes over {test.Count} images in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Empty(errors);
        Assert.True(passes >= Threads, $"Only {passes} passes ran.");
    }

    /// <summary>The first maximum, as the generated Predict picks it.</summary>
    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
