namespace LeNet.Generated.Generator.Plan;

/// <summary>
/// One image's tensor that a layer reads or writes, and where it lives in the two workspace layouts:
/// <see cref="Kept"/> when every activation stays for the backward pass (training), and
/// <see cref="Alternating"/> when consecutive tensors take turns in two regions, so a layer's output
/// only lives until the next layer has read it (evaluation, and the activation gradients of training).
/// </summary>
/// <param name="Length">Elements per image.</param>
/// <param name="Kept">Offset in the layout that keeps everything.</param>
/// <param name="Alternating">Offset in the layout of two alternating regions.</param>
internal sealed record Buffer(int Length, int Kept, int Alternating);

/// <summary>Which of a buffer's two offsets a pass uses.</summary>
internal enum Layout
{
    Kept,
    Alternating,
}

internal static class LayoutExtensions
{
    public static int Offset(this Buffer buffer, Layout layout) => layout == Layout.Kept ? buffer.Kept : buffer.Alternating;
}
