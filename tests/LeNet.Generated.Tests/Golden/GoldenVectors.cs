using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeNet.Generated.Tests.Golden;

/// <summary>
/// One network's PyTorch golden record, as written by <c>make_golden.py</c> or <c>make_golden_layers.py</c>;
/// for a loss with targets, <see cref="Targets"/> holds them and <see cref="Labels"/> is empty.
/// </summary>
public sealed record GoldenVectors(
    string Name,
    int Batch,
    IReadOnlyList<GoldenTensor> Tensors,
    double[] Parameters,
    double[] Inputs,
    int[] Labels,
    double[] Logits,
    double Loss,
    double[] Gradients,
    [property: JsonPropertyName("input_gradient")] double[] InputGradient,
    GoldenSgd Sgd,
    [property: JsonPropertyName("step1_loss")] double Step1Loss,
    [property: JsonPropertyName("parameters_after_step1")] double[] ParametersAfterStep1,
    [property: JsonPropertyName("step2_loss")] double Step2Loss,
    [property: JsonPropertyName("parameters_after_step2")] double[] ParametersAfterStep2,
    double[]? Targets = null)
{
    public static GoldenVectors Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        return JsonSerializer.Deserialize<GoldenVectors>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

/// <summary>A parameter tensor's <c>state_dict</c> key and shape.</summary>
public sealed record GoldenTensor(string Name, int[] Shape);

/// <summary>The <c>torch.optim.SGD</c> settings of the recorded steps.</summary>
public sealed record GoldenSgd(double Lr, double Momentum, [property: JsonPropertyName("weight_decay")] double WeightDecay);
