using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Training;

/// <summary>
/// <see cref="TrainingOptions.RandomShift"/>: the row-wise shift against a pixel-by-pixel one, and
/// what the trainer feeds with it: other images than without, the same for a seed, a different draw at every step.
/// </summary>
public sealed class RandomShiftTests
{
    private static readonly Lazy<LabeledImages<float>> Data = new(() =>
        MnistDataset.Load(Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice"), train: true).AsLabeledImages().Take(256));

    [Fact]
    public void ShiftsMoveEveryPixelAsAPixelByPixelCopyDoes()
    {
        const int Channels = 2, Height = 5, Width = 7;
        var random = new Random(3);
        double[] image = [.. Enumerable.Range(0, Channels * Height * Width).Select(_ => random.NextDouble())];
        var shifted = new double[image.Length];
        for (int down = -Height; down <= Height; down++)
        {
            for (int across = -Width; across <= Width; across++)
            {
                ImageShift.Copy<double>(image, shifted, Channels, Height, Width, down, across, -1);
                for (int c = 0; c < Channels; c++)
                {
                    for (int y = 0; y < Height; y++)
                    {
                        for (int x = 0; x < Width; x++)
                        {
                            int sy = y - down, sx = x - across;
                            double expected = sy is >= 0 and < Height && sx is >= 0 and < Width ? image[(((c * Height) + sy) * Width) + sx] : -1;
                            Assert.True(expected == shifted[(((c * Height) + y) * Width) + x], $"shift ({down}, {across}) at channel {c}, ({y}, {x})");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void MnistFillsWithTheNormalisedBlack()
    {
        Assert.Equal((0 - MnistDataset.Mean) / MnistDataset.StandardDeviation, Data.Value.Background, 6);
        Assert.Equal(Data.Value.Background, Data.Value.Take(3).Background);
    }

    /// <summary>The trainer shows its steps the shifted images: a run with shifts differs from one without, and repeats itself for a seed.</summary>
    [Fact]
    public void ShiftedRunsDifferFromUnshiftedOnesAndRepeatForASeed()
    {
        float[] Run(int shift, int seed)
        {
            using var trainer = new Trainer<LeNet5, float>(new LeNet5(1), new Adam<float>(LeNet5.ParameterCount, 0.002f), new TrainingOptions
            {
                Epochs = 1,
                BatchSize = 64,
                Threads = 1,
                Seed = seed,
                RandomShift = shift,
            });
            trainer.TrainEpoch(Data.Value);
            return trainer.Network.Parameters.ToArray();
        }

        float[] shifted = Run(shift: 1, seed: 1);
        Assert.Equal(shifted, Run(shift: 1, seed: 1));
        Assert.NotEqual(shifted, Run(shift: 0, seed: 1));
        Assert.NotEqual(shifted, Run(shift: 2, seed: 1));
    }

    [Fact]
    public void ANegativeShiftIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Trainer<LeNet5, float>(new LeNet5(1), new Adam<float>(LeNet5.ParameterCount, 0.001f), new TrainingOptions { RandomShift = -1 }));
        Assert.Contains("RandomShift must be at least 0, but is -1", error.Message);
    }
}
