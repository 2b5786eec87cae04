using ScottPlot;

namespace LeNet.Training;

/// <summary>The run's pictures: loss and accuracy per epoch, and the learned first-layer filters.</summary>
internal static class Plots
{
    public static void Curves(RunHistory history, string path)
    {
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = new Plot();
        plot.Title("LeNet-5 on MNIST");
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

    /// <summary>Each filter of <c>conv1.weight</c> ([filters, 1, k, k]) as a grey-scale tile, side by side.</summary>
    public static void Filters(float[] weights, int filters, int kernel, string path)
    {
        var plot = new Plot();
        plot.Title("conv1 filters");
        for (int f = 0; f < filters; f++)
        {
            var tile = new double[kernel, kernel];
            for (int y = 0; y < kernel; y++)
            {
                for (int x = 0; x < kernel; x++)
                {
                    tile[y, x] = weights[(f * kernel * kernel) + (y * kernel) + x];
                }
            }

            var heatmap = plot.Add.Heatmap(tile);
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
            heatmap.Extent = new CoordinateRect(f * (kernel + 1), (f * (kernel + 1)) + kernel, 0, kernel);
        }

        plot.Axes.SquareUnits();
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.SavePng(path, 160 * filters, 220);
    }
}
