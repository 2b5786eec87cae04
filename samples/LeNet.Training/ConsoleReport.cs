using LeNet.Generated;
using LeNet.Generated.Training;
using Spectre.Console;

namespace LeNet.Training;

/// <summary>What the run prints: the setup, a progress bar per epoch, a row per epoch, the confusion matrix and where the files went.</summary>
internal static class ConsoleReport
{
    /// <summary>Lines are never wrapped when the output is redirected.</summary>
    private const int PlainWidth = 1000;

    /// <summary>Whether the output goes to a file or a pipe (a CI log, <c>| tee</c>) rather than a terminal.</summary>
    public static bool Plain { get; } = Console.IsOutputRedirected;

    /// <summary>
    /// Output to a file or a pipe gets plain text: no colours or cursor movements (ANSI escapes), no
    /// progress bars (a line per quarter epoch instead), and no wrapping at the 80 columns Spectre
    /// assumes when it cannot ask a terminal.
    /// </summary>
    public static void UsePlainOutputWhenRedirected()
    {
        if (!Plain)
        {
            return;
        }

        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = PlainWidth;
    }

    public static void Header(TrainingSettings settings, string summary, LabeledImages<float> train, LabeledImages<float> test, string data)
    {
        string title = $"LeNet.Generated · {settings.Model switch { "paper" => "the 1998 paper's LeNet-5", "modern" => "a modern LeNet-5", _ => "LeNet-5" }} on MNIST";
        if (Plain)
        {
            AnsiConsole.WriteLine(title);
        }
        else
        {
            AnsiConsole.Write(new Rule($"[bold]{title}[/]").LeftJustified());
        }

        AnsiConsole.WriteLine(summary);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"data      {Markup.Escape(data)}: {train.Count:N0} training, {test.Count:N0} test images");
        AnsiConsole.MarkupLine($"training  {settings.Epochs} epochs, batch {settings.BatchSize}, {settings.Optimizer} lr {settings.LearningRate} " +
            $"{(settings.Optimizer == "sgd" ? $"momentum {settings.Momentum} " : string.Empty)}weight decay {settings.WeightDecay}, {settings.Schedule} schedule, shift {settings.Shift}, " +
            $"{settings.Threads} thread{(settings.Threads == 1 ? string.Empty : "s")}, seed {settings.Seed}");
        AnsiConsole.MarkupLine($"kernels   {Lanes()}");
        AnsiConsole.MarkupLine($"output    {Markup.Escape(settings.Output)}");
        AnsiConsole.WriteLine();
    }

    /// <summary>The vector width the kernels picked for this processor, and the images one vector holds.</summary>
    private static string Lanes()
    {
        VectorWidth width = VectorWidths.Best;
        return width == VectorWidth.Scalar
            ? "scalar: this processor accelerates no vectors"
            : $"{(int)width}-bit vectors, {VectorWidths.Lanes<float>(width)} images per lane group (the widest this processor accelerates)";
    }

    public static void EpochHeader() =>
        AnsiConsole.MarkupLine("[bold]epoch  train loss  train acc  test acc   wall time  images/s[/]");

    /// <summary>
    /// Trains one epoch under a progress bar showing the running loss and throughput, or with a line per
    /// quarter epoch when the output is plain; stops between two steps when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="TrainingCanceledException">The token was cancelled.</exception>
    public static EpochResult TrainEpochWithProgress<TNetwork>(Trainer<TNetwork, float> trainer, LabeledImages<float> train, int epochs, CancellationToken cancellationToken)
        where TNetwork : class, LeNet.Generated.INetwork<TNetwork, float>
    {
        if (Plain)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            int first = trainer.Progress.Step * trainer.Options.BatchSize;
            return trainer.TrainEpoch(train, step =>
            {
                if ((4L * step.Step / step.Steps) != (4L * (step.Step - 1) / step.Steps))
                {
                    AnsiConsole.WriteLine($"epoch {step.Epoch}/{epochs}  step {step.Step}/{step.Steps}  loss {step.Loss:F4}  {(step.Images - first) / watch.Elapsed.TotalSeconds:N0} img/s");
                }
            }, cancellationToken);
        }

        EpochResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask($"epoch {trainer.Epoch + 1}/{epochs}", maxValue: train.Count);
                int first = trainer.Progress.Step * trainer.Options.BatchSize;
                task.Value = first;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                double smoothed = double.NaN;
                result = trainer.TrainEpoch(train, step =>
                {
                    smoothed = double.IsNaN(smoothed) ? step.Loss : (0.95 * smoothed) + (0.05 * step.Loss);
                    task.Value = step.Images;
                    if (step.Step % 25 == 0 || step.Step == step.Steps)
                    {
                        task.Description = $"epoch {step.Epoch}/{epochs}  loss {smoothed:F4}  {(step.Images - first) / clock.Elapsed.TotalSeconds:N0} img/s";
                    }
                }, cancellationToken);
            });
        return result;
    }

    public static void EpochRow(EpochResult epoch, Evaluation test) =>
        AnsiConsole.MarkupLine(
            $"{epoch.Epoch,5}  {epoch.Loss,10:F4}  {epoch.Accuracy,9:P2}  [bold]{test.Accuracy,8:P2}[/]  {epoch.Elapsed.TotalSeconds,8:F1} s  {epoch.ImagesPerSecond,8:N0}");

    public static void Confusion(Evaluation test)
    {
        int classes = test.Confusion.GetLength(0);
        var table = new Table().Title("Test-set confusion: rows true digit, columns predicted").Border(TableBorder.Simple);
        table.AddColumn(new TableColumn(string.Empty));
        for (int p = 0; p < classes; p++)
        {
            table.AddColumn(new TableColumn(p.ToString()).RightAligned());
        }

        for (int t = 0; t < classes; t++)
        {
            var row = new List<string> { $"[bold]{t}[/]" };
            for (int p = 0; p < classes; p++)
            {
                int count = test.Confusion[t, p];
                row.Add(t == p ? $"[green]{count}[/]" : count == 0 ? "[grey]·[/]" : $"[red]{count}[/]");
            }

            table.AddRow(row.ToArray());
        }

        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
    }

    /// <summary>The run's result, with the wall time from process start to it.</summary>
    public static void Result(Evaluation test, TimeSpan elapsed) =>
        AnsiConsole.MarkupLine($"[bold]Test accuracy {test.Accuracy:P2}[/] ({test.Correct:N0} of {test.Count:N0}), error {1 - test.Accuracy:P2}; wall time {elapsed.TotalSeconds:F1} s.");

    public static void Wrote(IEnumerable<string> files)
    {
        foreach (string file in files)
        {
            AnsiConsole.MarkupLine($"  wrote [blue]{Markup.Escape(file)}[/]");
        }
    }
}
