using System.Text.Json;
using LeNet.Generated.Training;

namespace LeNet.Training;

/// <summary>Per-epoch figures of a run; kept in checkpoints so a resumed run plots its whole history.</summary>
internal sealed class RunHistory
{
    public const string MetadataKey = "history";

    public List<EpochRecord> Epochs { get; } = [];

    public void Add(EpochResult epoch, double testAccuracy, TimeSpan sinceStart) =>
        Epochs.Add(new EpochRecord(epoch.Epoch, epoch.Loss, epoch.Accuracy, testAccuracy, epoch.Elapsed.TotalSeconds, epoch.ImagesPerSecond, sinceStart.TotalSeconds));

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (EpochRecord e in Epochs)
            {
                e.Write(json);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static RunHistory FromJson(string? json)
    {
        var history = new RunHistory();
        if (string.IsNullOrEmpty(json))
        {
            return history;
        }

        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonElement e in document.RootElement.EnumerateArray())
        {
            history.Epochs.Add(new EpochRecord(
                e.GetProperty("epoch").GetInt32(), e.GetProperty("train_loss").GetDouble(), e.GetProperty("train_accuracy").GetDouble(),
                e.GetProperty("test_accuracy").GetDouble(), e.GetProperty("seconds").GetDouble(), e.GetProperty("images_per_second").GetDouble(),
                e.TryGetProperty("since_start", out JsonElement sinceStart) ? sinceStart.GetDouble() : double.NaN));
        }

        return history;
    }
}

/// <summary>One epoch's figures; <paramref name="SinceStart"/>: seconds from the start of the process that ran it to its test accuracy (NaN in older checkpoints).</summary>
internal sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds, double ImagesPerSecond, double SinceStart)
{
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("epoch", Epoch);
        json.WriteNumber("train_loss", TrainLoss);
        json.WriteNumber("train_accuracy", TrainAccuracy);
        json.WriteNumber("test_accuracy", TestAccuracy);
        json.WriteNumber("seconds", Seconds);
        json.WriteNumber("images_per_second", ImagesPerSecond);
        if (double.IsFinite(SinceStart))
        {
            json.WriteNumber("since_start", SinceStart);
        }

        json.WriteEndObject();
    }
}
