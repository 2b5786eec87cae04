using ScottPlot;

namespace LeNet.Training;

/// <summary>The run's pictures: loss and accuracy per epoch, and the learned first-layer filters.</summary>
internal static class Plots
{
    public static void Curves(RunHistory history, string network, string path)
    {
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = new Plot();
        plot.Title($"{network} on MNIST");
        plot.XLabel("epoch");
        plot.YLabel("training loss");
        var loss = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TrainLoss).ToArray());
        loss.LegendText = "training loss";
        var train = plot.Add.Scatter(epochs, history.Epochs.Select(e => 100 * e.TrainAccuracy).ToArray());
        train.LegendText = "training accuracy (%)";
        train.Axes.YAxis = plot.Axes.Right;
        var test = plot.Add.Scatter(epochs, history.Epochs.Select(e => 100 * e.TestAccuracy).ToArray());
        test.LegendText = "test accuracy (%)";
        test.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy (%)";
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 900, 540);
    }

    /// <summary>
    /// Test accuracy against wall seconds from process start, a line per run (summary.json files of
    /// runs of this program), with the 99 % mark: how soon each recipe gets there, start-up included.
    /// </summary>
    public static void TimeToAccuracy(IEnumerable<(string Label, double[] Seconds, double[] Accuracy)> runs, string path)
    {
        var plot = new Plot();
        plot.Title("LeNet-5 on MNIST: test accuracy against wall time");
        plot.XLabel("seconds since the process started");
        plot.YLabel("test accuracy after each epoch (%)");
        foreach ((string label, double[] seconds, double[] accuracy) in runs)
        {
            var line = plot.Add.Scatter(seconds, accuracy.Select(a => 100 * a).ToArray());
            line.LegendText = label;
        }

        var mark = plot.Add.HorizontalLine(99);
        mark.LinePattern = LinePattern.Dashed;
        mark.LegendText = "99 %";
        plot.Axes.SetLimitsX(0, double.NaN);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 540);
    }

    /// <summary>
    /// Each filter of <c>conv1.weight</c> ([filters, 1, k, k]) as a grey-scale tile, side by side, each
    /// scaled from its own minimum (black) to maximum (white), one blank column between tiles.
    /// </summary>
    public static void Filters(float[] weights, int filters, int kernel, string path)
    {
        var tiles = new double[kernel, (filters * (kernel + 1)) - 1];
        for (int y = 0; y < kernel; y++)
        {
            for (int x = 0; x < tiles.GetLength(1); x++)
            {
                tiles[y, x] = double.NaN;
            }
        }

        for (int f = 0; f < filters; f++)
        {
            ReadOnlySpan<float> filter = weights.AsSpan(f * kernel * kernel, kernel * kernel);
            float min = filter[0], max = filter[0];
            foreach (float w in filter)
            {
                (min, max) = (Math.Min(min, w), Math.Max(max, w));
            }

            for (int i = 0; i < filter.Length; i++)
            {
                tiles[i / kernel, (f * (kernel + 1)) + (i % kernel)] = (filter[i] - min) / Math.Max(max - min, 1e-12f);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(tiles);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.NaNCellColor = Colors.White;
        plot.Title($"conv1: the {filters} learned {kernel}x{kernel} filters");
        plot.Axes.SquareUnits();
        plot.HideGrid();
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Bottom.IsVisible = false;
        plot.SavePng(path, 140 * filters, 240);
    }
}
