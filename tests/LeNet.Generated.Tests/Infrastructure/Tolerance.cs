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
