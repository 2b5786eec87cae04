namespace LeNet.Inference;

/// <summary>What the command line asked for.</summary>
public sealed record InferenceSettings
{
    /// <summary>Input files, or <c>-</c> for standard input.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The safetensors weights file.</summary>
    public required string Weights { get; init; }

    /// <summary>File name → network name, for weights saved under other names (PyTorch's), or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? NameMap { get; init; }

    /// <summary>IDX labels for a single IDX input, to report the accuracy, or <see langword="null"/>.</summary>
    public string? Labels { get; init; }

    /// <summary>Probabilities printed per image.</summary>
    public int Top { get; init; } = 3;

    /// <summary>Threads classifying at once.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Invert pixels (dark digits on light) before normalising.</summary>
    public bool Invert { get; init; }

    /// <summary>Print only the summary.</summary>
    public bool Quiet { get; init; }

    /// <summary>Print the time from process start to the first prediction to stderr.</summary>
    public bool Timing { get; init; }
}
