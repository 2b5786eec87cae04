using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The <c>Kernels</c> struct's own members: the lengths and offsets of the buffers, the initialisation,
/// and one dispatch per pass that calls the nested class of the requested width. Each case is guarded by
/// its <c>IsHardwareAccelerated</c>, a constant to the JIT and to NativeAOT, so a process only ever
/// compiles the widths it can run.
/// </summary>
internal static class KernelsEmitter
{
    private const string Width = "global::LeNet.Generated.VectorWidth";

    public static void Emit(SourceWriter writer, ScalarNames scalar, NetworkPlan plan)
    {
        string t = scalar.Keyword;
        string span = $"global::System.Span<{t}>";
        string read = $"global::System.ReadOnlySpan<{t}>";
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static int InputLength => {plan.Input.Length};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static int OutputLength => {plan.OutputLength};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static int ParameterCount => {plan.ParameterCount};");
        writer.Line();
        if (plan.Loss != Parse.LossKind.CrossEntropy)
        {
            // Cross-entropy is the interface's default, so a network declared without a loss says nothing of it.
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static global::LeNet.Generated.LossFunction Loss => global::LeNet.Generated.LossFunction.{plan.Loss};");
            writer.Line();
        }

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static int ImageBufferLength => {plan.AlternatingLength + plan.ImageScratchLength};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public static global::LeNet.Generated.LaneLayout Layout => new(");
        writer.Line($"    ForwardLength: {plan.AlternatingLength}, ForwardInput: {plan.InputBuffer.Alternating}, ForwardOutput: {plan.Last.Out.Alternating},");
        writer.Line($"    ActivationLength: {plan.KeptLength}, ActivationInput: {plan.InputBuffer.Kept}, ActivationOutput: {plan.Last.Out.Kept},");
        writer.Line($"    GradientLength: {plan.AlternatingLength}, GradientOutput: {plan.Last.Out.Alternating}, GradientInput: {plan.InputBuffer.Alternating},");
        writer.Line($"    ScratchLength: {plan.LaneScratchLength});");
        writer.Line();
        EmitDropouts(writer, plan);
        writer.Line("/// <summary>Fills <paramref name=\"parameters\"/> from U(−1/√fan_in, 1/√fan_in), PyTorch's default for <c>Conv2d</c> and <c>Linear</c>, seeded.</summary>");
        using (writer.Block($"public static void ResetParameters({span} parameters, int seed)"))
        {
            writer.Line("var random = new global::LeNet.Generated.Initialization.Xoshiro256(unchecked((ulong)seed));");
            foreach (TensorPlan tensor in plan.Tensors)
            {
                string view = PassEmitter.Slice("parameters", tensor);
                double bound = 1 / System.Math.Sqrt(tensor.FanIn);
                bool normalises = plan.BatchNorms.Exists(norm => norm.Weight == tensor);
                writer.Line(tensor.Init switch
                {
                    TensorInit.Ones when normalises => $"{view}.Fill({scalar.Literal(1)}); // {tensor.Name}: γ, 1 to start",
                    TensorInit.Ones => $"{view}.Fill({scalar.Literal(1)}); // {tensor.Name}: plain averaging to start",
                    TensorInit.Zeros => $"{view}.Clear(); // {tensor.Name}",
                    _ => $"global::LeNet.Generated.Initialization.Init.Uniform({view}, {Literal.Double(bound)}, ref random); // {tensor.Name}: 1/√{tensor.FanIn}",
                });
            }
        }

        if (plan.BatchNorms.Count > 0)
        {
            BatchNormEmitter.EmitKernels(writer, plan, read, span);
            return;
        }

        Dispatch(writer, "ForwardImage", $"{read} parameters, {read} image, {span} buffer, {span} logits", "parameters, image, buffer, logits");
        Dispatch(writer, "Forward", $"{read} parameters, {span} buffer", "parameters, buffer");
        Dispatch(writer, "ForwardTraining", $"{read} parameters, {span} activations", "parameters, activations");
        Dispatch(writer, "Backward", $"{read} parameters, {read} activations, {span} gradients, {span} scratch, {span} parameterGradients, bool withInput", "parameters, activations, gradients, scratch, parameterGradients, withInput");
    }

    /// <summary>Where the runtime writes each dropout layer's mask; a network without dropout keeps the interface's empty default.</summary>
    private static void EmitDropouts(SourceWriter writer, NetworkPlan plan)
    {
        var dropouts = new System.Collections.Generic.List<DropoutBlock>();
        foreach (Block block in plan.Blocks)
        {
            if (block is DropoutBlock dropout)
            {
                dropouts.Add(dropout);
            }
        }

        if (dropouts.Count == 0)
        {
            return;
        }

        writer.Line("private static readonly global::LeNet.Generated.DropoutLayer[] s_dropouts =");
        writer.Line("{");
        foreach (DropoutBlock dropout in dropouts)
        {
            writer.Line($"    new(Mask: {dropout.Mask.Kept}, Length: {dropout.Mask.Length}, P: {Literal.Double(dropout.P)}), // {dropout.Name}");
        }

        writer.Line("};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public static global::System.ReadOnlySpan<global::LeNet.Generated.DropoutLayer> Dropouts => s_dropouts;");
        writer.Line();
    }

    internal static void Dispatch(SourceWriter writer, string pass, string parameters, string arguments)
    {
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public static void {pass}({Width} width, {parameters})"))
        using (writer.Block("switch (width)"))
        {
            foreach (Profile profile in Profile.All)
            {
                writer.Line(profile.IsVector
                    ? $"case {Width}.{profile.Name} when global::System.Runtime.Intrinsics.{profile.Name}.IsHardwareAccelerated:"
                    : $"case {Width}.{profile.Name}:");
                writer.Line($"    {profile.Name}.{pass}({arguments});");
                writer.Line("    break;");
            }

            writer.Line("default:");
            writer.Line("    global::LeNet.Generated.Guard.ThrowWidth(width);");
            writer.Line("    break;");
        }
    }
}
