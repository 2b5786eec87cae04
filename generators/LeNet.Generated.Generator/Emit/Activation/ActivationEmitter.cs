using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Backward kernels of fused activations, and both kernels of standalone ones. Each derivative is
/// written in terms of the activation's output y, which the forward pass keeps: tanh 1 − y²,
/// sigmoid y(1 − y), ReLU [y &gt; 0], LeakyReLU 1 where y &gt; 0 else its slope.
/// </summary>
internal static class ActivationEmitter
{
    public static string Name(Activation activation) => activation.Kind switch
    {
        ActivationKind.Tanh => "Tanh",
        ActivationKind.ReLU => "ReLU",
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.LeakyReLU => "LeakyReLU",
        _ => "ScaledTanh",
    };

    /// <summary>The function in a kernel's formula: "tanh", "leaky_relu" (as <c>torch.nn.functional</c> names it).</summary>
    public static string Function(Activation activation) => activation.Kind == ActivationKind.LeakyReLU ? "leaky_relu" : Name(activation).ToLowerInvariant();

    /// <summary>The module as PyTorch prints it: "Tanh()", "LeakyReLU(negative_slope=0.01)".</summary>
    public static string Module(Activation activation) => activation.Kind == ActivationKind.LeakyReLU
        ? $"LeakyReLU(negative_slope={Literal.Python(activation.NegativeSlope)})"
        : Name(activation) + "()";

    /// <summary>The gradient through an activation fused into <paramref name="block"/>, in place on its output gradient.</summary>
    public static void EmitFusedBackward(SourceWriter writer, KernelMode mode, Block block)
    {
        writer.Line($"/// <summary>{block.Name}: ∂loss/∂(pre-activation) = ∂loss/∂y · {Derivative(block.Activation)}, in place over {block.Output}.</summary>");
        using (writer.Kernel($"internal static void {Names.Method(block.Name)}ActivationBackward({mode.ReadOnlySpan} y, {mode.Span} dy)"))
        using (writer.For("i", block.Output.Length, out Affine i))
        {
            writer.Line($"dy[{i}] = {mode.Gradient(block.Activation, $"y[{i}]", $"dy[{i}]")};");
        }
    }

    /// <summary>Forward and backward kernels of an activation that has its own buffers.</summary>
    public static void EmitStandalone(SourceWriter writer, KernelMode mode, ActivationBlock block)
    {
        string method = Names.Method(block.Name);
        writer.Line($"/// <summary>{block.Name}: {Module(block.Activation)} over {block.Input}.</summary>");
        using (writer.Kernel($"internal static void {method}Forward({mode.ReadOnlySpan} x, {mode.Span} y)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"y[{i}] = {mode.Apply(block.Activation, $"x[{i}]")};");
        }

        writer.Line();
        writer.Line($"/// <summary>{block.Name} backward: ∂loss/∂x = ∂loss/∂y · {Derivative(block.Activation)}.</summary>");
        using (writer.Kernel($"internal static void {method}Backward({mode.ReadOnlySpan} y, {mode.ReadOnlySpan} dy, {mode.Span} dx)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"dx[{i}] = {mode.Gradient(block.Activation, $"y[{i}]", $"dy[{i}]")};");
        }
    }

    public static string Derivative(Activation activation) => activation.Kind switch
    {
        ActivationKind.Tanh => "(1 − y²)",
        ActivationKind.ReLU => "[y &gt; 0]",
        ActivationKind.Sigmoid => "y(1 − y)",
        ActivationKind.LeakyReLU => $"(y &gt; 0 ? 1 : {Literal.Python(activation.NegativeSlope)})",
        _ => "(2/3)(1.7159 − y²/1.7159)",
    };
}
