using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeNet.Generated.Tests.Golden;

/// <summary>One batch-norm network's PyTorch golden record, as written by <c>make_golden_batchnorm.py</c>.</summary>
public sealed record GoldenBatchNorm(
    string Name,
    int Batch,
    IReadOnlyList<GoldenTensor> Tensors,
    [property: JsonPropertyName("buffer_tensors")] IReadOnlyList<GoldenTensor> BufferTensors,
    double[] Parameters,
    double[] Inputs,
    int[] Labels,
    [property: JsonPropertyName("eval_logits")] double[] EvalLogits,
    [property: JsonPropertyName("eval_loss")] double EvalLoss,
    [property: JsonPropertyName("train_logits")] double[] TrainLogits,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    double[] Gradients,
    [property: JsonPropertyName("input_gradient")] double[] InputGradient,
    [property: JsonPropertyName("buffers_after_train")] double[] BuffersAfterTrain,
    GoldenSgd Sgd,
    GoldenAdam Adam,
    [property: JsonPropertyName("sgd_step1_loss")] double SgdStep1Loss,
    [property: JsonPropertyName("sgd_parameters_after_step1")] double[] SgdParametersAfterStep1,
    [property: JsonPropertyName("sgd_step2_loss")] double SgdStep2Loss,
    [property: JsonPropertyName("sgd_parameters_after_step2")] double[] SgdParametersAfterStep2,
    [property: JsonPropertyName("sgd_buffers_after_step2")] double[] SgdBuffersAfterStep2,
    [property: JsonPropertyName("sgd_eval_logits_after_step2")] double[] SgdEvalLogitsAfterStep2,
    [property: JsonPropertyName("adam_step1_loss")] double AdamStep1Loss,
    [property: JsonPropertyName("adam_parameters_after_step1")] double[] AdamParametersAfterStep1,
    [property: JsonPropertyName("adam_step2_loss")] double AdamStep2Loss,
    [property: JsonPropertyName("adam_parameters_after_step2")] double[] AdamParametersAfterStep2,
    [property: JsonPropertyName("adam_buffers_after_step2")] double[] AdamBuffersAfterStep2,
    [property: JsonPropertyName("adam_eval_logits_after_step2")] double[] AdamEvalLogitsAfterStep2)
{
    public static GoldenBatchNorm Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        return JsonSerializer.Deserialize<GoldenBatchNorm>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
