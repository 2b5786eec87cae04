using LeNet.Generated.Generator.Model;

namespace LeNet.Generated.Generator.Emission;

/// <summary>
/// Activations as expressions, and their backward kernels. Each derivative is written in terms of
/// the activation's output y, which the forward pass keeps: tanh 1 − y², sigmoid y(1 − y), ReLU [y &gt; 0].
/// </summary>
internal static class ActivationEmitter
{
    /// <summary>The activation applied to the expression <paramref name="x"/> (a local or an element).</summary>
    public static string Apply(ScalarNames scalar, Activation activation, string x) => activation switch
    {
        Activation.Tanh => $"{scalar.Math}.Tanh({x})",
        Activation.ReLU => $"{scalar.Math}.Max({x}, {scalar.Literal(0)})", // NaN stays NaN, as in PyTorch
        Activation.Sigmoid => $"{scalar.Literal(1)} / ({scalar.Literal(1)} + {scalar.Math}.Exp(-{x}))",
        _ => x,
    };

    /// <summary>∂loss/∂x given ∂loss/∂y in <paramref name="dy"/> and the output in <paramref name="y"/>.</summary>
    public static string Gradient(ScalarNames scalar, Activation activation, string y, string dy) => activation switch
    {
        Activation.Tanh => $"{dy} * ({scalar.Literal(1)} - ({y} * {y}))",
        Activation.ReLU => $"{y} > {scalar.Literal(0)} ? {dy} : {scalar.Literal(0)}",
        Activation.Sigmoid => $"{dy} * {y} * ({scalar.Literal(1)} - {y})",
        _ => dy,
    };

    public static string Name(Activation activation) => activation switch
    {
        Activation.Tanh => "Tanh",
        Activation.ReLU => "ReLU",
        _ => "Sigmoid",
    };

    /// <summary>The gradient through an activation fused into <paramref name="block"/>, in place on its output gradient.</summary>
    public static void EmitFusedBackward(SourceWriter writer, ScalarNames scalar, Block block)
    {
        string span = scalar.Span;
        writer.Line($"/// <summary>{block.Name}: ∂loss/∂(pre-activation) = ∂loss/∂y · {Derivative(block.Activation)}, in place over {block.Output}.</summary>");
        using (writer.Block($"private static void {Names.Method(block.Name)}ActivationBackward(global::System.ReadOnlySpan<{scalar.Keyword}> y, {span} dy)"))
        using (writer.For("i", block.Output.Length, out Affine i))
        {
            writer.Line($"dy[{i}] = {Gradient(scalar, block.Activation, $"y[{i}]", $"dy[{i}]")};");
        }
    }

    /// <summary>Forward and backward kernels of an activation that has its own buffers.</summary>
    public static void EmitStandalone(SourceWriter writer, ScalarNames scalar, ActivationBlock block)
    {
        string method = Names.Method(block.Name);
        string read = scalar.ReadOnlySpan;
        writer.Line($"/// <summary>{block.Name}: {Name(block.Activation)}() over {block.Input}.</summary>");
        using (writer.Block($"private static void {method}Forward({read} x, {scalar.Span} y)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"y[{i}] = {Apply(scalar, block.Activation, $"x[{i}]")};");
        }

        writer.Line();
        writer.Line($"/// <summary>{block.Name} backward: ∂loss/∂x = ∂loss/∂y · {Derivative(block.Activation)}.</summary>");
        using (writer.Block($"private static void {method}Backward({read} y, {read} dy, {scalar.Span} dx)"))
        using (writer.For("i", block.Input.Length, out Affine i))
        {
            writer.Line($"dx[{i}] = {Gradient(scalar, block.Activation, $"y[{i}]", $"dy[{i}]")};");
        }
    }

    private static string Derivative(Activation activation) => activation switch
    {
        Activation.Tanh => "(1 − y²)",
        Activation.ReLU => "[y &gt; 0]",
        _ => "y(1 − y)",
    };
}
