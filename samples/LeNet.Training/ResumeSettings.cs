using System.Globalization;

namespace LeNet.Training;

/// <summary>
/// The settings of a resumed run: what the command line gives explicitly, the rest from the
/// checkpoint's run, and a warning for every explicit option that changes what the run would have done.
/// </summary>
internal static class ResumeSettings
{
    /// <param name="command">The command line's settings, defaults included.</param>
    /// <param name="isExplicit">Whether the option of that name (e.g. "--lr") was given on the command line.</param>
    /// <param name="recorded">The checkpoint's run's settings, or null when the checkpoint has none this version reads.</param>
    public static (TrainingSettings Settings, List<string> Warnings) Merge(TrainingSettings command, Func<string, bool> isExplicit, TrainingSettings? recorded)
    {
        var warnings = new List<string>();
        if (recorded is null)
        {
            warnings.Add("the checkpoint does not record its run's settings: the command line's are used, and nothing can be compared.");
            return (command, warnings);
        }

        T Pick<T>(string option, T given, T original, string change)
        {
            if (!isExplicit(option))
            {
                return original;
            }

            if (!EqualityComparer<T>.Default.Equals(given, original))
            {
                warnings.Add($"{option} {Text(given)} differs from the checkpoint's {Text(original)}: {change}");
            }

            return given;
        }

        const string FromHere = "so the run from here on differs from an uninterrupted one.";
        var settings = command with
        {
            Model = Pick("--model", command.Model, recorded.Model, "the checkpoint holds the other network, which cannot be loaded."),
            Epochs = Pick("--epochs", command.Epochs, recorded.Epochs, $"the learning-rate schedule spans the new number of epochs, {FromHere}"),
            BatchSize = Pick("--batch-size", command.BatchSize, recorded.BatchSize, $"the steps change size and the learning-rate schedule their number, {FromHere}"),
            Optimizer = Pick("--optimizer", command.Optimizer, recorded.Optimizer, "the checkpoint holds the other optimizer's state, which cannot be loaded."),
            LearningRate = Pick("--lr", command.LearningRate, recorded.LearningRate, $"the learning-rate schedule starts from another base rate, {FromHere}"),
            Schedule = Pick("--schedule", command.Schedule, recorded.Schedule, $"the learning rate follows another schedule, {FromHere}"),
            Shift = Pick("--shift", command.Shift, recorded.Shift, $"the training images are moved otherwise, {FromHere}"),
            Momentum = Pick("--momentum", command.Momentum, recorded.Momentum, $"the updates change, {FromHere}"),
            WeightDecay = Pick("--weight-decay", command.WeightDecay, recorded.WeightDecay, $"the updates change, {FromHere}"),
            Seed = Pick("--seed", command.Seed, recorded.Seed, $"the images come in another order, the interrupted epoch's included, {FromHere}"),
            Threads = Pick("--threads", command.Threads, recorded.Threads, "gradients are summed in another order, so the result differs from an uninterrupted run in the last bits."),
            Data = isExplicit("--data") ? command.Data : recorded.Data,
            Output = isExplicit("--out") ? command.Output : recorded.Output,
        };
        return (settings, warnings);
    }

    private static string Text<T>(T value) => value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : $"{value}";
}
