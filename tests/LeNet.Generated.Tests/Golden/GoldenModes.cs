using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeNet.Generated.Tests.Golden;

/// <summary>One network's PyTorch golden record in both modes, as written by <c>make_golden_modes.py</c>.</summary>
public sealed record GoldenModes(
    string Name,
    int Batch,
    IReadOnlyList<GoldenTensor> Tensors,
    double[] Parameters,
    double[] Inputs,
    int[] Labels,
    string[] Keys,
    [property: JsonPropertyName("eval_logits")] double[] EvalLogits,
    [property: JsonPropertyName("eval_loss")] double EvalLoss,
    [property: JsonPropertyName("train_logits")] double[] TrainLogits,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    double[] Gradients,
    [property: JsonPropertyName("input_gradient")] double[] InputGradient,
    GoldenSgd Sgd,
    GoldenAdam Adam,
    [property: JsonPropertyName("sgd_step1_loss")] double SgdStep1Loss,
    [property: JsonPropertyName("sgd_parameters_after_step1")] double[] SgdParametersAfterStep1,
    [property: JsonPropertyName("sgd_step2_loss")] double SgdStep2Loss,
    [property: JsonPropertyName("sgd_parameters_after_step2")] double[] SgdParametersAfterStep2,
    [property: JsonPropertyName("adam_step1_loss")] double AdamStep1Loss,
    [property: JsonPropertyName("adam_parameters_after_step1")] double[] AdamParametersAfterStep1,
    [property: JsonPropertyName("adam_step2_loss")] double AdamStep2Loss,
    [property: JsonPropertyName("adam_parameters_after_step2")] double[] AdamParametersAfterStep2)
{
    /// <summary>The dropout keys of the network's first and second training steps.</summary>
    public ulong Key(int step) => ulong.Parse(Keys[step], System.Globalization.CultureInfo.InvariantCulture);

    public static GoldenModes Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        return JsonSerializer.Deserialize<GoldenModes>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

/// <summary>The <c>torch.optim.Adam</c> settings of the recorded steps (its defaults otherwise).</summary>
public sealed record GoldenAdam(double Lr);
