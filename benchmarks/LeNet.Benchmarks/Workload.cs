using LeNet.Generated.Weights;

namespace LeNet.Benchmarks;

/// <summary>The same weights and images for every benchmark: lenet5.safetensors (also the source of lenet5.onnx) and seeded pixels.</summary>
internal static class Workload
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public static LeNet5 Network()
    {
        var network = new LeNet5();
        SafeTensors.Load<LeNet5, float>(network, File("lenet5.safetensors"));
        return network;
    }

    /// <summary><paramref name="count"/> images of normalised noise.</summary>
    public static float[] Images(int count)
    {
        var random = new Random(42);
        var images = new float[count * LeNet5.InputLength];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (random.NextSingle() * 3) - 0.5f;
        }

        return images;
    }

    public static int[] Labels(int count) => Enumerable.Range(0, count).Select(i => i % LeNet5.OutputLength).ToArray();
}
