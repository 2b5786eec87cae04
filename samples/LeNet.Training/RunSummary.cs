using System.Text.Json;
using LeNet.Generated.IO;
using LeNet.Generated.Training;

namespace LeNet.Training;

/// <summary>The run in one JSON file: settings, per-epoch figures, final accuracy and confusion matrix.</summary>
internal static class RunSummary
{
    public static void Write(string path, string network, int parameters, long multiplyAdds, TrainingSettings settings, RunHistory history, Evaluation test, TimeSpan elapsed, string data) =>
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("network", network);
            json.WriteNumber("parameters", parameters);
            json.WriteNumber("multiply_adds_per_image", multiplyAdds);
            json.WriteString("data", data);
            json.WritePropertyName("settings");
            settings.Write(json);
            json.WriteStartArray("epochs");
            foreach (EpochRecord epoch in history.Epochs)
            {
                epoch.Write(json);
            }

            json.WriteEndArray();
            json.WriteNumber("test_accuracy", test.Accuracy);
            json.WriteNumber("test_correct", test.Correct);
            json.WriteNumber("test_count", test.Count);
            json.WriteNumber("wall_seconds", elapsed.TotalSeconds);
            json.WriteStartArray("confusion");
            for (int t = 0; t < test.Confusion.GetLength(0); t++)
            {
                json.WriteStartArray();
                for (int p = 0; p < test.Confusion.GetLength(1); p++)
                {
                    json.WriteNumberValue(test.Confusion[t, p]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
