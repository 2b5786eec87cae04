using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The copy of a layer's input into a bordered buffer, and the gradient's way back: padded convolutions
/// and average pools border with zeros, max pools with −∞ (which no input loses to, as PyTorch's padding).
/// </summary>
internal static class PaddedCopy
{
    /// <summary>The <c>Pad</c> and <c>Unpad</c> kernels of <paramref name="layer"/>, whose <paramref name="input"/> gets a border of <paramref name="padding"/>.</summary>
    public static void Emit(SourceWriter writer, KernelMode mode, string layer, Shape input, int padding, bool negativeInfinity)
    {
        string method = Names.Method(layer);
        var padded = new Shape(input.Channels, input.Height + (2 * padding), input.Width + (2 * padding));
        (long Origin, long Pitch, long Plane) unpadded = (0, input.Width, input.Plane);
        (long Origin, long Pitch, long Plane) interior = (((long)padding * padded.Width) + padding, padded.Width, padded.Plane);
        writer.Line($"/// <summary>{layer}: the {input} input inside a {(negativeInfinity ? "border of −∞" : "zero border")}, {padded}.</summary>");
        using (writer.Kernel($"internal static void {method}Pad({mode.ReadOnlySpan} x, {mode.Span} padded)"))
        {
            if (negativeInfinity)
            {
                // The whole buffer is filled: in the alternating layout another layer wrote here last.
                writer.Line($"padded.Slice(0, {padded.Length}).Fill({mode.Broadcast(mode.Scalar.Keyword + ".NegativeInfinity")});");
            }
            else
            {
                // The whole buffer is cleared: in the alternating layout another layer wrote here last.
                writer.Line($"padded.Slice(0, {padded.Length}).Clear();");
            }

            CopyRows(writer, input, "x", unpadded, "padded", interior);
        }

        writer.Line();
        writer.Line($"/// <summary>{layer}: ∂loss/∂x is the interior of the padded buffer's gradient.</summary>");
        using (writer.Kernel($"internal static void {method}Unpad({mode.ReadOnlySpan} dPadded, {mode.Span} dx)"))
        {
            CopyRows(writer, input, "dPadded", interior, "dx", unpadded);
        }
    }

    private static void CopyRows(SourceWriter writer, Shape input, string from, (long Origin, long Pitch, long Plane) source, string to, (long Origin, long Pitch, long Plane) target)
    {
        using (writer.For("c", input.Channels, out Affine c))
        using (writer.For("y", input.Height, out Affine y))
        {
            Affine sourceRow = source.Origin + (c * source.Plane) + (y * source.Pitch);
            Affine targetRow = target.Origin + (c * target.Plane) + (y * target.Pitch);
            writer.Line($"{from}.Slice({sourceRow}, {input.Width}).CopyTo({to}.Slice({targetRow}, {input.Width}));");
        }
    }
}
