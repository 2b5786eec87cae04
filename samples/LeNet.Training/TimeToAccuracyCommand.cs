using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace LeNet.Training;

/// <summary>
/// <c>time-to-accuracy RUN/summary.json … --out PLOT.png</c>: plots the test accuracy of earlier runs
/// against wall seconds from process start, a line per run, labelled with its recipe.
/// </summary>
internal static class TimeToAccuracyCommand
{
    public static Command Create()
    {
        var summaries = new Argument<FileInfo[]>("summaries") { Description = "summary.json files written by training runs.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "The PNG to write.", Required = true };
        var command = new Command("time-to-accuracy", "Plots test accuracy against wall seconds since process start for earlier runs.") { summaries, output };
        command.SetAction(parsed =>
        {
            var runs = new List<(string, double[], double[])>();
            foreach (FileInfo file in parsed.GetValue(summaries)!)
            {
                using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(file.FullName));
                JsonElement settings = summary.RootElement.GetProperty("settings");
                JsonElement[] epochs = [.. summary.RootElement.GetProperty("epochs").EnumerateArray()];
                if (epochs.Any(e => !e.TryGetProperty("since_start", out _)))
                {
                    Console.Error.WriteLine($"error: {file.FullName} has no since_start figures (a run resumed from an older checkpoint?); train it again.");
                    return 2;
                }

                string label = string.Create(CultureInfo.InvariantCulture,
                    $"{settings.GetProperty("epochs").GetInt32()} epochs, lr {settings.GetProperty("lr").GetDouble()}, shift {(settings.TryGetProperty("shift", out JsonElement shift) ? shift.GetInt32() : 0)}, seed {settings.GetProperty("seed").GetInt32()}: {summary.RootElement.GetProperty("test_accuracy").GetDouble():P2}");
                runs.Add((label, [.. epochs.Select(e => e.GetProperty("since_start").GetDouble())], [.. epochs.Select(e => e.GetProperty("test_accuracy").GetDouble())]));
            }

            string path = parsed.GetValue(output)!.FullName;
            Plots.TimeToAccuracy(runs, path);
            Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
