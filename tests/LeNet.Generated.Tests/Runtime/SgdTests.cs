using System.Text.Json;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.Runtime;

/// <summary><see cref="Sgd{T}"/> against <c>torch.optim.SGD</c> over every option (Golden/sgd.json).</summary>
public sealed class SgdTests
{
    [Fact]
    public void EveryOptionMatchesPyTorch()
    {
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "sgd.json")));
        float[] start = Floats(golden.RootElement.GetProperty("start"));
        float[][] gradients = golden.RootElement.GetProperty("gradients").EnumerateArray().Select(Floats).ToArray();
        foreach (JsonElement @case in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            JsonElement config = @case.GetProperty("config");
            float Option(string name) => config.TryGetProperty(name, out JsonElement value) ? value.GetSingle() : 0f;
            var sgd = new Sgd<float>(start.Length, Option("lr"), Option("momentum"), Option("weight_decay"), Option("dampening"),
                config.TryGetProperty("nesterov", out JsonElement nesterov) && nesterov.GetBoolean());
            float[] parameters = (float[])start.Clone();
            int step = 0;
            foreach (JsonElement expected in @case.GetProperty("steps").EnumerateArray())
            {
                sgd.Step(parameters, gradients[step++]);
                Tolerance.Absolute(expected.EnumerateArray().Select(e => e.GetDouble()).ToArray(), parameters, 1e-7, $"SGD {config} step {step}");
            }
        }
    }

    [Fact]
    public void RejectsSpansOfAnotherLength()
    {
        var sgd = new Sgd<float>(4, 0.1f);

        var error = Assert.Throws<ArgumentException>(() => sgd.Step(new float[5], new float[5]));
        Assert.Contains("4", error.Message);
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
}
