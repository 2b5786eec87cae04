namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>Element-wise comparisons that name the worst element when they fail.</summary>
internal static class Tolerance
{
    /// <summary>Every |actual − expected| ≤ <paramref name="absolute"/>.</summary>
    public static void Absolute<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, double absolute, string what)
        where T : System.Numerics.INumberBase<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        (int worst, double error) = Worst(expected, actual);
        Assert.True(error <= absolute, $"{what}: element {worst} is {actual[worst]}, expected {expected[worst]} (|error| {error:G3} > {absolute:G3}).");
    }

    /// <summary>
    /// max |actual − expected| ≤ <paramref name="relative"/> · max |expected|: relative to the tensor's
    /// scale, so elements near zero do not demand impossible precision.
    /// </summary>
    public static void Relative<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, double relative, string what)
        where T : System.Numerics.INumberBase<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        (int worst, double error) = Worst(expected, actual);
        double allowed = relative * Math.Max(scale, double.Epsilon);
        Assert.True(error <= allowed, $"{what}: element {worst} is {actual[worst]}, expected {expected[worst]} (|error| {error:G3} > {relative:G3} × max |expected| {scale:G3}).");
    }

    /// <summary>
    /// For each image of <paramref name="imageLength"/> elements: max |actual − expected| ≤
    /// max(<paramref name="relative"/> · that image's max |expected|, <paramref name="floor"/>). Per
    /// image, because an image's input gradient does not depend on the others': compared against the
    /// largest value of the batch, one image's small gradient could be wholly wrong and pass. The
    /// absolute floor spares an image whose gradient is all but zero (a confident, correct
    /// prediction) from demanding more than the element type can hold.
    /// </summary>
    public static void PerImage<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, int imageLength, double relative, double floor, string what)
        where T : System.Numerics.INumberBase<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(imageLength > 0 && expected.Length % imageLength == 0, $"{what}: {expected.Length} values are not whole images of {imageLength}.");
        for (int n = 0; n < expected.Length / imageLength; n++)
        {
            ReadOnlySpan<double> image = expected.Slice(n * imageLength, imageLength);
            double scale = 0;
            foreach (double e in image)
            {
                scale = Math.Max(scale, Math.Abs(e));
            }

            (int worst, double error) = Worst(image, actual.Slice(n * imageLength, imageLength));
            double allowed = Math.Max(relative * scale, floor);
            Assert.True(error <= allowed, $"{what}, image {n}: element {worst} is {actual[(n * imageLength) + worst]}, expected {image[worst]} (|error| {error:G3} > max({relative:G3} × the image's max |expected| {scale:G3}, {floor:G3})).");
        }
    }

    private static (int Index, double Error) Worst<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual)
        where T : System.Numerics.INumberBase<T>
    {
        int worst = 0;
        double error = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(double.CreateTruncating(actual[i]) - expected[i]);
            if (double.IsNaN(e))
            {
                return (i, double.PositiveInfinity);
            }

            if (e > error)
            {
                (worst, error) = (i, e);
            }
        }

        return (worst, error);
    }
}
