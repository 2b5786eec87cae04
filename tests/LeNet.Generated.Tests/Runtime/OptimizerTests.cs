using System.Text.Json;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>The optimizers against <c>torch.optim.SGD</c> and <c>torch.optim.Adam</c> over their options (Golden/sgd.json, Golden/adam.json).</summary>
public sealed class OptimizerTests
{
    [Fact]
    public void SgdMatchesPyTorch() => Check("sgd", (count, config) => new Sgd<float>(
        count, Option(config, "lr"), Option(config, "momentum"), Option(config, "weight_decay"), Option(config, "dampening"),
        config.TryGetProperty("nesterov", out JsonElement nesterov) && nesterov.GetBoolean()));

    [Fact]
    public void AdamMatchesPyTorch() => Check("adam", (count, config) => new Adam<float>(
        count, Option(config, "lr"),
        config.TryGetProperty("betas", out JsonElement betas) ? betas[0].GetSingle() : null,
        config.TryGetProperty("betas", out betas) ? betas[1].GetSingle() : null,
        config.TryGetProperty("eps", out JsonElement eps) ? eps.GetSingle() : null,
        Option(config, "weight_decay")));

    [Fact]
    public void RejectsSpansOfAnotherLength()
    {
        var sgd = new Sgd<float>(4, 0.1f);

        var error = Assert.Throws<ArgumentException>(() => sgd.Step(new float[5], new float[5]));
        Assert.Contains("4", error.Message);
    }

    [Fact]
    public void StateAndStepsRestoreTheSameUpdate()
    {
        float[] gradient = [0.5f, -1, 2];
        var first = new Adam<float>(3, 0.01f);
        var parameters = new float[] { 1, 2, 3 };
        first.Step(parameters, gradient);

        var restored = new Adam<float>(3, 0.01f);
        first.State.CopyTo(restored.State);
        restored.Steps = first.Steps;
        float[] copy = (float[])parameters.Clone();
        first.Step(parameters, gradient);
        restored.Step(copy, gradient);

        Assert.Equal(parameters, copy);
    }

    private static float Option(JsonElement config, string name) => config.TryGetProperty(name, out JsonElement value) ? value.GetSingle() : 0f;

    private static void Check(string name, Func<int, JsonElement, IOptimizer<float>> create)
    {
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json")));
        float[] start = Floats(golden.RootElement.GetProperty("start"));
        float[][] gradients = golden.RootElement.GetProperty("gradients").EnumerateArray().Select(Floats).ToArray();
        foreach (JsonElement @case in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            JsonElement config = @case.GetProperty("config");
            IOptimizer<float> optimizer = create(start.Length, config);
            float[] parameters = (float[])start.Clone();
            int step = 0;
            foreach (JsonElement expected in @case.GetProperty("steps").EnumerateArray())
            {
                optimizer.Step(parameters, gradients[step++]);
                Tolerance.Absolute(expected.EnumerateArray().Select(e => e.GetDouble()).ToArray(), parameters, 1e-7, $"{name} {config} step {step}");
            }
        }
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
}
