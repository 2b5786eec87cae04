using LeNet.Generated.Data;

namespace LeNet.Browser.Training;

/// <summary>
/// The MNIST subset shipped in wwwroot/mnist (made by make-mnist-subset.sh): the first images of the
/// training set to train on and the first of the test set to measure the result, as gzip IDX files
/// under their MNIST names, read by <see cref="MnistDataset"/>.
/// </summary>
public sealed record TrainingData(MnistDataset Train, MnistDataset Test)
{
    /// <summary>Training images shipped.</summary>
    public const int TrainCount = 10_000;

    /// <summary>Test images shipped.</summary>
    public const int TestCount = 1_000;

    /// <summary>What the page downloads to train: the four files' sizes added up.</summary>
    public const string DownloadDescription = "1.8 MB";

    /// <summary>The folder under wwwroot that holds the files.</summary>
    public const string Folder = "mnist";

    /// <summary>The files, as MnistDataset looks for them.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>Reads the files from <paramref name="directory"/>.</summary>
    public static TrainingData Load(string directory) =>
        new(MnistDataset.Load(directory, train: true), MnistDataset.Load(directory, train: false));
}
