using LeNet.Generated.Data;

namespace LeNet.Inference;

/// <summary>
/// 8-bit grayscale pixels to the network's inputs, exactly as <see cref="MnistDataset"/> normalises
/// its training images: <c>(x / 255 − 0.1307) / 0.3081</c>. MNIST digits are white (255) on black (0);
/// images drawn the other way round must be inverted, or the network sees a different picture.
/// </summary>
public static class Pixels
{
    private static readonly float[] Normalised = CreateTable(invert: false);
    private static readonly float[] NormalisedInverted = CreateTable(invert: true);

    /// <summary>Writes the normalised <paramref name="pixels"/> to <paramref name="inputs"/>, first replacing x by 255 − x if <paramref name="invert"/>.</summary>
    public static void Normalise(ReadOnlySpan<byte> pixels, Span<float> inputs, bool invert = false)
    {
        if (inputs.Length != pixels.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs for {pixels.Length} pixels; expected one input per pixel.", nameof(inputs));
        }

        float[] table = invert ? NormalisedInverted : Normalised;
        for (int i = 0; i < pixels.Length; i++)
        {
            inputs[i] = table[pixels[i]];
        }
    }

    // The same float operations, in the same order, as MnistDataset, so the inputs match bit for bit.
    private static float[] CreateTable(bool invert)
    {
        var table = new float[256];
        for (int pixel = 0; pixel < table.Length; pixel++)
        {
            int x = invert ? 255 - pixel : pixel;
            table[pixel] = ((x / 255f) - MnistDataset.Mean) / MnistDataset.StandardDeviation;
        }

        return table;
    }
}
