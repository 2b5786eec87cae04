using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The lane kernels of a convolution at one profile: the copy into the zero-bordered buffer (with
/// padding), forward with the fused activation, ∂W and ∂b, and ∂x. A dense convolution's kernels are
/// register tiles (<see cref="ConvTileEmitter"/>); a convolution with a connection table keeps its loop
/// nest (<see cref="ConvLoopEmitter"/>). Windows are read at <c>x0 + ci·plane + ky·width + kx</c>, every
/// term a literal.
/// </summary>
internal static class ConvEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, ConvBlock conv, ConvSchedule schedule)
    {
        string method = Names.Method(conv.Name);
        string read = mode.ReadOnlySpan;
        string write = mode.Span;
        string weights = mode.Scalar.ReadOnlySpan;
        Shape input = conv.PaddedInput;
        string math = $"{conv.Input}{(conv.Padding == 0 ? string.Empty : $" (padded to {input})")} to {conv.Output}";

        if (conv.Padding != 0)
        {
            PaddedCopy.Emit(writer, mode, conv.Name, conv.Input, conv.Padding, negativeInfinity: false);
            writer.Line();
        }

        Doc(writer, $"{conv.Name}: {Describe.Module(conv)}, {math}: y[co, oy, ox] = {ActivationText(conv.Activation, $"b[co] + Σ w[co, ci, ky, kx] · x[ci, {Scaled(conv.Stride, "oy")} + ky, {Scaled(conv.Stride, "ox")} + kx]")}.", mode, schedule.Forward);
        using (writer.Kernel($"internal static void {method}Forward({read} x, {weights} weight, {weights} bias, {write} y)"))
        {
            if (schedule.Forward is ConvForwardTile tile)
            {
                ConvTileEmitter.EmitForward(writer, mode, conv, tile);
            }
            else
            {
                ConvLoopEmitter.EmitForward(writer, mode, conv, (LoopNest)schedule.Forward);
            }
        }

        writer.Line();
        Doc(writer, $"{conv.Name}: this group's ∂loss/∂w[co, ci, ky, kx] = Σ dy[co, oy, ox] · x[ci, …] and ∂loss/∂b[co] = Σ dy[co, oy, ox], one per lane.", mode, schedule.Weights);
        using (writer.Kernel($"internal static void {method}BackwardParameters({read} x, {read} dy, {write} dWeight, {write} dBias)"))
        {
            if (schedule.Weights is ConvWeightTile tile)
            {
                ConvTileEmitter.EmitWeightGradient(writer, mode, conv, tile);
            }
            else
            {
                ConvLoopEmitter.EmitWeightGradient(writer, mode, conv, (LoopNest)schedule.Weights);
            }
        }

        writer.Line();
        Doc(writer, $"{conv.Name}: ∂loss/∂x[ci, …] = Σ w[co, ci, ky, kx] · dy[co, oy, ox], scattered over each window.", mode, schedule.Input);
        using (writer.Kernel($"internal static void {method}BackwardInput({read} dy, {weights} weight, {write} dx)"))
        {
            switch (schedule.Input)
            {
                case ConvInputRowsTile rows:
                    ConvTileEmitter.EmitInputGradientRows(writer, mode, conv, rows);
                    break;
                case ConvInputChannelsTile channels:
                    ConvTileEmitter.EmitInputGradientChannels(writer, mode, conv, channels);
                    break;
                default:
                    ConvLoopEmitter.EmitInputGradient(writer, mode, conv, (LoopNest)schedule.Input);
                    break;
            }
        }
    }

    /// <summary>A kernel's doc comment: what it computes, and its schedule.</summary>
    public static void Doc(SourceWriter writer, string summary, KernelMode mode, KernelSchedule schedule)
    {
        writer.Line($"/// <summary>{summary}</summary>");
        writer.Line($"/// <remarks>{Lanes(mode)}; {schedule.Describe()}.</remarks>");
    }

    /// <summary>"16 images per group of 512-bit vectors" or "one image at a time".</summary>
    public static string Lanes(KernelMode mode) => mode.IsVector ? $"{mode.Lanes} images per {mode.Profile.Width}-bit vector" : "one image at a time";

    public static string Scaled(int stride, string variable) => stride == 1 ? variable : $"{stride}·{variable}";

    public static string ActivationText(Activation activation, string x) =>
        activation == Activation.None ? x : $"{ActivationEmitter.Function(activation)}({x})";
}
