using System.Numerics;

namespace LeNet.Generated.Training;

/// <summary>Images stored one after another (each <see cref="ImageLength"/> elements) with a class label each.</summary>
public sealed class LabeledImages<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps <paramref name="images"/> and <paramref name="labels"/> without copying; checks that they agree.</summary>
    public LabeledImages(T[] images, int[] labels, int imageLength)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageLength);
        if (images.Length != labels.Length * imageLength)
        {
            throw new ArgumentException($"Expected {labels.Length} images of {imageLength} elements ({labels.Length * (long)imageLength} in all) for {labels.Length} labels, but there are {images.Length} elements.", nameof(images));
        }

        Images = images;
        Labels = labels;
        ImageLength = imageLength;
    }

    /// <summary>All images, row-major, one after another.</summary>
    public T[] Images { get; }

    /// <summary>One class label per image.</summary>
    public int[] Labels { get; }

    /// <summary>Elements per image.</summary>
    public int ImageLength { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Image(int index) => Images.AsSpan(index * ImageLength, ImageLength);

    /// <summary>The first <paramref name="count"/> images, copied.</summary>
    public LabeledImages<T> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new LabeledImages<T>(Images.AsSpan(0, count * ImageLength).ToArray(), Labels.AsSpan(0, count).ToArray(), ImageLength);
    }
}
