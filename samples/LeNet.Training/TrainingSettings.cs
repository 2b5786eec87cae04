using System.Text.Json;

namespace LeNet.Training;

/// <summary>
/// A run's settings. The defaults are the fast recipe, which reaches ≥ 99.0 % test accuracy on MNIST
/// in four epochs (see README): Adam, the learning rate following half a cosine to 0, every training
/// image moved by up to a pixel each way.
/// </summary>
internal sealed record TrainingSettings
{
    /// <summary>The recipes <c>--recipe</c> names: epochs, base learning rate and random shift.</summary>
    public static readonly IReadOnlyDictionary<string, (int Epochs, double LearningRate, int Shift)> Recipes = new Dictionary<string, (int, double, int)>
    {
        ["fast"] = (4, 0.0025, 1),
        ["long"] = (10, 0.001, 0),
    };

    /// <summary>"seed" (the PyTorch LeNet-5), "paper" (the 1998 paper's LeNet-5) or "modern" (ReLU, max pooling, dropout).</summary>
    public string Model { get; init; } = "seed";

    public int Epochs { get; init; } = Recipes["fast"].Epochs;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = Recipes["fast"].LearningRate;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    public string Optimizer { get; init; } = "adam";

    public string Schedule { get; init; } = "cosine";

    /// <summary>Training images are moved by up to this many pixels each way (<c>TrainingOptions.RandomShift</c>).</summary>
    public int Shift { get; init; } = Recipes["fast"].Shift;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Seed { get; init; } = 1;

    /// <summary>MNIST directory; null finds <c>data/mnist</c> above the working directory or the program.</summary>
    public string? Data { get; init; }

    /// <summary>Where the run's files go.</summary>
    public string Output { get; init; } = Path.Combine("runs", "lenet5");

    /// <summary>A checkpoint to continue from.</summary>
    public string? Resume { get; init; }

    /// <summary>The settings as a JSON object, under the command line's option names (checkpoint metadata, summary.json).</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("model", Model);
        json.WriteNumber("epochs", Epochs);
        json.WriteNumber("batch_size", BatchSize);
        json.WriteString("optimizer", Optimizer);
        json.WriteNumber("lr", LearningRate);
        json.WriteNumber("momentum", Momentum);
        json.WriteNumber("weight_decay", WeightDecay);
        json.WriteString("schedule", Schedule);
        json.WriteNumber("shift", Shift);
        json.WriteNumber("threads", Threads);
        json.WriteNumber("seed", Seed);
        if (Data is not null)
        {
            json.WriteString("data", Data);
        }

        json.WriteString("out", Output);
        json.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            Write(json);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Settings written by <see cref="ToJson"/>, or null if <paramref name="json"/> is not such an object.</summary>
    public static TrainingSettings? FromJson(string? json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json ?? string.Empty);
            JsonElement e = document.RootElement;
            return new TrainingSettings
            {
                Model = e.GetProperty("model").GetString()!,
                Epochs = e.GetProperty("epochs").GetInt32(),
                BatchSize = e.GetProperty("batch_size").GetInt32(),
                Optimizer = e.GetProperty("optimizer").GetString()!,
                LearningRate = e.GetProperty("lr").GetDouble(),
                Momentum = e.GetProperty("momentum").GetDouble(),
                WeightDecay = e.GetProperty("weight_decay").GetDouble(),
                Schedule = e.GetProperty("schedule").GetString()!,
                Shift = e.TryGetProperty("shift", out JsonElement shift) ? shift.GetInt32() : 0, // before shifts existed
                Threads = e.GetProperty("threads").GetInt32(),
                Seed = e.GetProperty("seed").GetInt32(),
                Data = e.TryGetProperty("data", out JsonElement data) ? data.GetString() : null,
                Output = e.GetProperty("out").GetString()!,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
