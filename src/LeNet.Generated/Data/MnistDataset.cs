using System.Runtime.Intrinsics;

namespace LeNet.Generated.Data;

/// <summary>
/// MNIST images and labels in memory, normalised as the PyTorch reference does
/// (<c>ToTensor()</c> then <c>Normalize((0.1307,), (0.3081,))</c>), ready for a network's
/// <c>Forward</c> and <c>TrainStep</c>.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>Mean of the MNIST training pixels in [0, 1], subtracted by the normalisation.</summary>
    public const float Mean = 0.1307f;

    /// <summary>Standard deviation of the MNIST training pixels in [0, 1], divided by the normalisation.</summary>
    public const float StandardDeviation = 0.3081f;

    private const int Classes = 10;

    // Every byte normalised once, with the same float operations as PyTorch: x / 255, then (x − mean) / std.
    private static readonly float[] Normalised = CreateNormalised();

    private MnistDataset(float[] images, int[] labels, int rows, int columns)
    {
        Images = images;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    /// <summary><see cref="Count"/> × <see cref="ImageLength"/> normalised pixels, image after image, each row-major.</summary>
    public float[] Images { get; }

    /// <summary>The digit shown by each image, 0 to 9.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows of each image (28 for MNIST).</summary>
    public int Rows { get; }

    /// <summary>Columns of each image (28 for MNIST).</summary>
    public int Columns { get; }

    /// <summary>Pixels per image, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int ImageLength => Rows * Columns;

    /// <summary>The images and labels for a <see cref="Training.Trainer{TNetwork, T}"/>, sharing these arrays.</summary>
    public Training.LabeledImages<float> AsLabeledImages() => new(Images, Labels, ImageLength, Normalised[0]);

    /// <summary>
    /// Reads the training set (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>) or the
    /// test set (<c>t10k-…</c>) from <paramref name="directory"/>. Each file may be gzip-compressed
    /// with a <c>.gz</c> name or uncompressed; when both exist the uncompressed one is read.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither name of a file exists.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, the counts differ or a label is not a digit.</exception>
    public static MnistDataset Load(string directory, bool train)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string prefix = train ? "train" : "t10k";
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte", train ? "training images" : "test images");
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte", train ? "training labels" : "test labels");

        IdxImages images = Idx.ReadImages(imagesPath);
        byte[] labels = Idx.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new InvalidDataException($"{labelsPath}: {labels.Length} labels, but {imagesPath} has {images.Count} images; expected one label per image.");
        }

        var digits = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= Classes)
            {
                throw new InvalidDataException($"{labelsPath}: label {labels[i]} at index {i}; expected a digit, 0 to {Classes - 1}.");
            }

            digits[i] = labels[i];
        }

        return new MnistDataset(Normalise(images.Pixels), digits, images.Rows, images.Columns);
    }

    /// <summary>A copy of <paramref name="count"/> images and labels starting at image <paramref name="start"/>.</summary>
    public MnistDataset Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Count - start)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The dataset has {Count} images; expected start ({start}) + count ({count}) ≤ {Count}.");
        }

        return new MnistDataset(
            Images.AsSpan(start * ImageLength, count * ImageLength).ToArray(),
            Labels.AsSpan(start, count).ToArray(),
            Rows,
            Columns);
    }

    /// <summary>A copy of the first <paramref name="count"/> images and labels.</summary>
    public MnistDataset Take(int count) => Slice(0, count);

    /// <summary>
    /// A copy with <paramref name="border"/> pixels of background (a normalised 0 pixel) around every
    /// image: 28×28 MNIST becomes the 1998 paper's 32×32 input with a border of 2.
    /// </summary>
    public MnistDataset Pad(int border)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        int rows = Rows + (2 * border), columns = Columns + (2 * border);
        var padded = new float[Count * rows * columns];
        padded.AsSpan().Fill(Normalised[0]);
        for (int n = 0; n < Count; n++)
        {
            for (int y = 0; y < Rows; y++)
            {
                Images.AsSpan((n * ImageLength) + (y * Columns), Columns)
                    .CopyTo(padded.AsSpan((n * rows * columns) + ((y + border) * columns) + border, Columns));
            }
        }

        return new MnistDataset(padded, (int[])Labels.Clone(), rows, columns);
    }

    private static string Find(string directory, string name, string what)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gzip = raw + ".gz";
        if (File.Exists(gzip))
        {
            return gzip;
        }

        throw new FileNotFoundException($"{gzip}: file not found, nor {name}; expected the MNIST {what} in {directory}.", gzip);
    }

    /// <summary>
    /// Every byte normalised, 16 at a time: the same division, subtraction and division per element as
    /// the table (vector arithmetic rounds as scalar arithmetic does), so the same bits, at a fraction of
    /// the time of 47 million lookups: this is most of what loading the training set costs.
    /// </summary>
    private static float[] Normalise(byte[] bytes)
    {
        var pixels = new float[bytes.Length];
        int i = 0;
        for (; i <= bytes.Length - 16; i += 16)
        {
            (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.LoadUnsafe(ref bytes[i]));
            (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(low);
            (Vector128<uint> c, Vector128<uint> d) = Vector128.Widen(high);
            Store(a, pixels, i);
            Store(b, pixels, i + 4);
            Store(c, pixels, i + 8);
            Store(d, pixels, i + 12);
        }

        for (; i < bytes.Length; i++)
        {
            pixels[i] = Normalised[bytes[i]];
        }

        return pixels;

        static void Store(Vector128<uint> values, float[] pixels, int at) =>
            ((Vector128.ConvertToSingle(values) / Vector128.Create(255f) - Vector128.Create(Mean)) / Vector128.Create(StandardDeviation)).StoreUnsafe(ref pixels[at]);
    }

    private static float[] CreateNormalised()
    {
        var table = new float[256];
        for (int pixel = 0; pixel < table.Length; pixel++)
        {
            table[pixel] = ((pixel / 255f) - Mean) / StandardDeviation;
        }

        return table;
    }
}
