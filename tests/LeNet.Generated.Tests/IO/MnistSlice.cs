namespace LeNet.Generated.Tests.IO;

/// <summary>
/// The committed MNIST slice (Data/mnist-slice, written by Data/make_mnist_slice.py) and facts about
/// it read independently of the code under test, with Python's gzip module and PyTorch.
/// </summary>
internal static class MnistSlice
{
    public const int TrainingCount = 4000;
    public const int TestCount = 1000;

    /// <summary>The first ten labels of MNIST's training and test sets, as every MNIST tutorial prints them.</summary>
    public static readonly int[] FirstTrainingLabels = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4];
    public static readonly int[] FirstTestLabels = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];

    /// <summary>Sum of the 784 pixels of the first training image.</summary>
    public const int FirstTrainingImagePixelSum = 27525;

    /// <summary>The first non-zero pixel of the first training image, at index 152, and two more.</summary>
    public static readonly (int Index, byte Pixel)[] FirstTrainingImagePixels = [(0, 0), (152, 3), (156, 126), (161, 255)];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice");

    public static string File(string name) => Path.Combine(Directory, name);
}
