using System.Numerics;

namespace LeNet.Generated.Training;

/// <summary>Images stored one after another (each <see cref="ImageLength"/> elements) with a class label each.</summary>
public sealed class LabeledImages<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps <paramref name="images"/> and <paramref name="labels"/> without copying; checks that they agree.</summary>
    /// <param name="images">The images, one after another.</param>
    /// <param name="labels">A class label per image.</param>
    /// <param name="imageLength">Elements per image.</param>
    /// <param name="background">The value of an empty pixel (see <see cref="Background"/>).</param>
    public LabeledImages(T[] images, int[] labels, int imageLength, T background = default)
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
        Background = background;
    }

    /// <summary>All images, row-major, one after another.</summary>
    public T[] Images { get; }

    /// <summary>One class label per image.</summary>
    public int[] Labels { get; }

    /// <summary>Elements per image.</summary>
    public int ImageLength { get; }

    /// <summary>
    /// The value of an empty pixel after whatever normalisation the images had (for MNIST the
    /// normalised 0): what <see cref="TrainingOptions.RandomShift"/> fills the uncovered border with.
    /// </summary>
    public T Background { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Image(int index) => Images.AsSpan(index * ImageLength, ImageLength);

    /// <summary>The first <paramref name="count"/> images, copied.</summary>
    public LabeledImages<T> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new LabeledImages<T>(Images.AsSpan(0, count * ImageLength).ToArray(), Labels.AsSpan(0, count).ToArray(), ImageLength, Background);
    }
}
