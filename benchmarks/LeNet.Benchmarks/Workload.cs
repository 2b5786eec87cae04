using LeNet.Generated.Data;
using LeNet.Generated.Training;
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

    /// <summary>The first <paramref name="count"/> batches of the MNIST training set committed in data/mnist.</summary>
    public static (float[][] Images, int[][] Labels) MnistBatches(int count, int batch)
    {
        LabeledImages<float> train = MnistDataset.Load(RepositoryFolder("data/mnist"), train: true).AsLabeledImages();
        var images = new float[count][];
        var labels = new int[count][];
        for (int b = 0; b < count; b++)
        {
            images[b] = new float[batch * LeNet5.InputLength];
            labels[b] = new int[batch];
            for (int i = 0; i < batch; i++)
            {
                train.Image((b * batch) + i).CopyTo(images[b].AsSpan(i * LeNet5.InputLength, LeNet5.InputLength));
                labels[b][i] = train.Labels[(b * batch) + i];
            }
        }

        return (images, labels);
    }

    /// <summary>A folder of the repository, found upwards from the benchmark's (BenchmarkDotNet-built) binaries.</summary>
    private static string RepositoryFolder(string relative)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No {relative} above {AppContext.BaseDirectory}; run the benchmarks from a clone of the repository.");
    }
}
