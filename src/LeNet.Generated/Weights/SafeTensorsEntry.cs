namespace LeNet.Generated.Weights;

/// <summary>One tensor as a safetensors header describes it.</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DType">Element type, e.g. <c>F32</c>.</param>
/// <param name="Shape">Sizes of its dimensions.</param>
/// <param name="Begin">Offset of its first byte in the data section.</param>
/// <param name="End">Offset just past its last byte in the data section.</param>
internal sealed record SafeTensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The shape as PyTorch prints it, e.g. <c>[6, 1, 5, 5]</c>.</summary>
    public static string Format<TSize>(IEnumerable<TSize> shape) => $"[{string.Join(", ", shape)}]";
}
