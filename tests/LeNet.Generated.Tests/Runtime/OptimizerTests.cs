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

    public static TheoryData<string> Optimizers => ["sgd", "sgd momentum", "sgd nesterov", "adam"];

    /// <summary>
    /// The update runs over whole vectors, then the elements left over one by one: a vector's worth
    /// and a remainder must give each element the bits that a one-parameter optimizer (all scalar) gives it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void VectorAndScalarPathsGiveTheSameBits(string which)
    {
        IOptimizer<float> Create(int count) => which switch
        {
            "sgd" => new Sgd<float>(count, 0.1f, weightDecay: 0.01f),
            "sgd momentum" => new Sgd<float>(count, 0.1f, 0.9f, 0.01f, 0.1f),
            "sgd nesterov" => new Sgd<float>(count, 0.1f, 0.9f, 0.01f, nesterov: true),
            _ => new Adam<float>(count, 0.01f, weightDecay: 0.01f),
        };

        int count = (2 * System.Numerics.Vector<float>.Count) + 3; // the optimizers run over Vector<T>
        var random = new Random(5);
        float[] parameters = [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
        float[][] gradients = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray())];
        float[] expected = (float[])parameters.Clone();
        IOptimizer<float>[] scalar = [.. Enumerable.Range(0, count).Select(_ => Create(1))];
        IOptimizer<float> vector = Create(count);
        foreach (float[] gradient in gradients)
        {
            vector.Step(parameters, gradient);
            for (int i = 0; i < count; i++)
            {
                scalar[i].Step(expected.AsSpan(i, 1), gradient.AsSpan(i, 1));
            }
        }

        Assert.Equal(expected, parameters);
    }

    /// <summary>
    /// The trainer's threads update disjoint ranges of one step, each as soon as its gradients are
    /// summed, then count the step once: ranges in any order and of any alignment must give every
    /// element the bits of a whole <see cref="IOptimizer{T}.Step"/>, over steps (momentum, Adam's bias correction).
    /// </summary>
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void RangesUpdatedApartGiveTheBitsOfAWholeStep(string which)
    {
        IOptimizer<float> Create(int count) => which switch
        {
            "sgd" => new Sgd<float>(count, 0.1f, weightDecay: 0.01f),
            "sgd momentum" => new Sgd<float>(count, 0.1f, 0.9f, 0.01f, 0.1f),
            "sgd nesterov" => new Sgd<float>(count, 0.1f, 0.9f, 0.01f, nesterov: true),
            _ => new Adam<float>(count, 0.01f, weightDecay: 0.01f),
        };

        const int count = 1000, split = 389; // neither a whole vector nor a cache line
        var random = new Random(7);
        float[] expected = [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
        float[] parameters = (float[])expected.Clone();
        IOptimizer<float> whole = Create(count), ranges = Create(count);
        for (int step = 0; step < 3; step++)
        {
            float[] gradient = [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
            whole.Step(expected, gradient);
            ranges.Update(parameters.AsSpan(split), gradient.AsSpan(split), split);
            ranges.Update(parameters.AsSpan(0, split), gradient.AsSpan(0, split), 0);
            ranges.Steps++;
        }

        Assert.Equal(expected, parameters);
        Assert.Equal(whole.State.ToArray(), ranges.State.ToArray());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ranges.Update(new float[10], new float[10], count - 5));
        Assert.Contains("10 from 995", error.Message);
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
