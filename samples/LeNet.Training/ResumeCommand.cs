using System.Globalization;
using System.Reflection;
using System.Text;

namespace LeNet.Training;

/// <summary>The exact shell command that resumes a run: this program, every setting spelled out with absolute paths, and --resume.</summary>
internal static class ResumeCommand
{
    public static string For(TrainingSettings settings, string data, string checkpoint)
    {
        var words = new List<string>();
        string program = Environment.ProcessPath ?? "dotnet";
        words.Add(program);
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            words.Add(Assembly.GetEntryAssembly()!.Location);
        }

        string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        words.AddRange([
            "--model", settings.Model, "--epochs", $"{settings.Epochs}", "--batch-size", $"{settings.BatchSize}",
            "--optimizer", settings.Optimizer, "--lr", Number(settings.LearningRate), "--schedule", settings.Schedule, "--shift", $"{settings.Shift}",
            "--momentum", Number(settings.Momentum), "--weight-decay", Number(settings.WeightDecay),
            "--threads", $"{settings.Threads}", "--seed", $"{settings.Seed}",
            "--data", Path.GetFullPath(data), "--out", Path.GetFullPath(settings.Output), "--resume", Path.GetFullPath(checkpoint),
        ]);
        return string.Join(' ', words.Select(Quote));
    }

    /// <summary>A word as a POSIX shell reads it: as it is when plain, else in single quotes.</summary>
    private static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./=:,+@%".Contains(c)))
        {
            return word;
        }

        return new StringBuilder("'").Append(word.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'').ToString();
    }
}
