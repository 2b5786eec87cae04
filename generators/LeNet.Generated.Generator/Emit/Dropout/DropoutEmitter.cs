using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Dropout's two kernels: the training pass multiplies by the mask the runtime wrote (1/(1 − p) or 0,
/// all 1 in evaluation), the backward pass multiplies the gradient by the same mask, in place.
/// Evaluation calls neither.
/// </summary>
internal static class DropoutEmitter
{
    public static string Module(DropoutBlock block) => $"Dropout(p={P(block)}, inplace=False)";

    private static string P(DropoutBlock block) => block.P.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static void Emit(SourceWriter writer, KernelMode mode, DropoutBlock block)
    {
        string method = Names.Method(block.Name);
        writer.Line($"/// <summary>{block.Name}: y = x · mask over {block.Input}, the mask 1/(1 − {P(block)}) where kept and 0 where dropped.</summary>");
        using (writer.Kernel($"internal static void {method}Forward({mode.ReadOnlySpan} x, {mode.ReadOnlySpan} mask, {mode.Span} y)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"y[{i}] = x[{i}] * mask[{i}];");
        }

        writer.Line();
        writer.Line($"/// <summary>{block.Name} backward: ∂loss/∂x = ∂loss/∂y · mask, in place.</summary>");
        using (writer.Kernel($"internal static void {method}Backward({mode.ReadOnlySpan} mask, {mode.Span} dy)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"dy[{i}] *= mask[{i}];");
        }
    }
}
