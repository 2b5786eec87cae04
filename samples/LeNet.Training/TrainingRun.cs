using LeNet.Generated;
using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;
using LeNet.Generated.Weights;
using Spectre.Console;

namespace LeNet.Training;

/// <summary>One training run as the command line asked for it: data, training with progress, checkpoints and the final report.</summary>
internal static class TrainingRun
{
    /// <summary>A checkpoint key: the run's settings as JSON (<see cref="TrainingSettings.ToJson"/>).</summary>
    public const string SettingsKey = "settings";

    public static int Execute(TrainingSettings settings) => settings.Model switch
    {
        "paper" => Execute<LeNet1998>(settings),
        "modern" => Execute<ModernLeNet>(settings),
        _ => Execute<LeNet5>(settings),
    };

    private static int Execute<TNetwork>(TrainingSettings settings)
        where TNetwork : class, INetwork<TNetwork, float>
    {
        settings = settings with { Data = settings.Data ?? DataLocator.FindMnist() };
        string dataDirectory = settings.Data;
        Directory.CreateDirectory(settings.Output);
        string checkpointPath = Path.Combine(settings.Output, "checkpoint.safetensors");

        // MNIST is 28×28; a network with a larger input (the paper's 32×32) gets a background border.
        // Only then is it copied: first touches of a fresh 188 MB array cost about 0.6 s here.
        int border = (TNetwork.InputHeight - 28) / 2;
        LabeledImages<float> Read(bool trainingSet)
        {
            MnistDataset images = MnistDataset.Load(dataDirectory, trainingSet);
            return (border == 0 ? images : images.Pad(border)).AsLabeledImages();
        }

        LabeledImages<float> train = null!, test = null!;
        AnsiConsole.Status().Start($"Reading MNIST from {dataDirectory}", _ =>
        {
            Parallel.Invoke(() => train = Read(trainingSet: true), () => test = Read(trainingSet: false));
        });

        TNetwork network = TNetwork.Create(settings.Seed);
        IOptimizer<float> optimizer = settings.Optimizer == "adam"
            ? new Adam<float>(TNetwork.ParameterCount, (float)settings.LearningRate, weightDecay: (float)settings.WeightDecay)
            : new Sgd<float>(TNetwork.ParameterCount, (float)settings.LearningRate, (float)settings.Momentum, (float)settings.WeightDecay);
        var options = new TrainingOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Threads = settings.Threads,
            Seed = settings.Seed,
            RandomShift = settings.Shift,
            Schedule = settings.Schedule switch
            {
                "step" => LearningRateSchedule.Step(Math.Max(1, settings.Epochs / 3), 0.1),
                "constant" => LearningRateSchedule.Constant,
                _ => LearningRateSchedule.Cosine,
            },
        };
        using var trainer = new Trainer<TNetwork, float>(network, optimizer, options);
        var history = new RunHistory();
        if (settings.Resume is not null)
        {
            CheckpointInfo resumed = Checkpoint.Load(settings.Resume, network, optimizer);
            trainer.Epoch = resumed.Epoch;
            trainer.Progress = resumed.Progress;
            if (TrainingSettings.FromJson(resumed.Metadata.GetValueOrDefault(SettingsKey)) is { } recorded && recorded.BatchSize != settings.BatchSize)
            {
                // The steps taken were of the old size: go on from the image they reached, rounded down to a whole new step.
                trainer.Progress = resumed.Progress with { Step = resumed.Progress.Step * recorded.BatchSize / settings.BatchSize };
            }

            history = RunHistory.FromJson(resumed.Metadata.GetValueOrDefault(RunHistory.MetadataKey));
            AnsiConsole.MarkupLine(resumed.Progress.Step == 0
                ? $"Resumed from [blue]{Markup.Escape(settings.Resume)}[/] after epoch {resumed.Epoch}."
                : $"Resumed from [blue]{Markup.Escape(settings.Resume)}[/] in epoch {resumed.Epoch + 1} after step {resumed.Progress.Step}.");
        }

        ConsoleReport.Header(settings, TNetwork.Summary, train, test, dataDirectory);
        ConsoleReport.EpochHeader();
        Evaluation? evaluation = null;
        string weights = Path.Combine(settings.Output, typeof(TNetwork).Name.ToLowerInvariant() + ".safetensors");
        using var stop = new StopSignals();
        try
        {
            while (trainer.Epoch < settings.Epochs)
            {
                EpochResult epoch = ConsoleReport.TrainEpochWithProgress(trainer, train, settings.Epochs, stop.Token);
                evaluation = trainer.Evaluate(test);
                history.Add(epoch, evaluation.Accuracy, ProcessClock.Elapsed);
                ConsoleReport.EpochRow(epoch, evaluation);
                SaveCheckpoint(checkpointPath, trainer, history, settings);
            }
        }
        catch (TrainingCanceledException stopped)
        {
            // The trainer stopped between two steps: parameters and optimizer state are those after the last step.
            SafeTensors.Save<TNetwork, float>(network, weights);
            SaveCheckpoint(checkpointPath, trainer, history, settings);
            AnsiConsole.MarkupLine($"[yellow]Stopped by {stop.Name} in epoch {stopped.Epoch} after step {stopped.Step} of {stopped.Steps}[/] (every step taken was applied whole).");
            ConsoleReport.Wrote([weights, checkpointPath]);
            AnsiConsole.WriteLine("Resume with:");
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Out.WriteLine(ResumeCommand.For(settings, dataDirectory, checkpointPath)); // never wrapped: it is copied
            return stop.ExitCode;
        }
        catch (TrainingDivergedException diverged)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(diverged.Message)}[/]");
            AnsiConsole.MarkupLine(File.Exists(checkpointPath)
                ? $"The last good checkpoint is [blue]{Markup.Escape(checkpointPath)}[/] (epoch {trainer.Epoch}); continue with --resume and a lower --lr."
                : "No epoch completed, so there is no checkpoint; try a lower --lr.");
            return 1;
        }

        // The result first: the files below are for later, and a user waits for the accuracy.
        evaluation ??= trainer.Evaluate(test); // resumed after the last epoch
        TimeSpan toResult = ProcessClock.Elapsed;
        ConsoleReport.Confusion(evaluation);
        ConsoleReport.Result(evaluation, toResult);

        SafeTensors.Save<TNetwork, float>(network, weights);
        string curves = Path.Combine(settings.Output, "curves.png");
        string filters = Path.Combine(settings.Output, "conv1-filters.png");
        Plots.Curves(history, typeof(TNetwork).Name, curves);
        ParameterTensor conv1 = TNetwork.ParameterTensors[0]; // conv1.weight, [filters, 1, k, k]
        Plots.Filters(network.Parameters.Slice(conv1.Offset, conv1.Length).ToArray(), conv1.Shape[0], conv1.Shape[^1], filters);
        string summary = Path.Combine(settings.Output, "summary.json");
        RunSummary.Write(summary, typeof(TNetwork).Name, TNetwork.ParameterCount, TNetwork.MultiplyAddsPerImage, settings, history, evaluation, toResult, dataDirectory);
        ConsoleReport.Wrote([weights, checkpointPath, curves, filters, summary]);
        return 0;
    }

    /// <summary>The checkpoint of where the trainer stands: after an epoch, or mid-epoch after a stop; with the history and settings a resume needs.</summary>
    private static void SaveCheckpoint<TNetwork>(string path, Trainer<TNetwork, float> trainer, RunHistory history, TrainingSettings settings)
        where TNetwork : class, INetwork<TNetwork, float> =>
        Checkpoint.Save(path, trainer.Network, trainer.Optimizer, trainer.Epoch, trainer.Progress, new Dictionary<string, string>
        {
            [RunHistory.MetadataKey] = history.ToJson(),
            [SettingsKey] = settings.ToJson(),
        });
}
