using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// What a network with batch norms adds to its class and its <c>Kernels</c>: the buffer tensors (running
/// statistics) under PyTorch's keys, where each batch norm reads and writes, and the dispatch of the segmented
/// passes. The normalisation itself is the runtime's (<c>BatchNorm</c>): it reduces over every lane group of a
/// pass, which no kernel of one group can.
/// </summary>
internal static class BatchNormEmitter
{
    private const string Runtime = "global::LeNet.Generated";

    public static void EmitBufferTensors(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line("/// <summary>The buffers in PyTorch <c>state_dict</c> order, with their offsets in <see cref=\"Buffers\"/> (<c>num_batches_tracked</c> an int64 in PyTorch, a whole number here).</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Runtime}.ParameterTensor> BufferTensors {{ get; }} = new {Runtime}.ParameterTensor[]");
        writer.Line("{");
        foreach (BatchNormBlock norm in plan.BatchNorms)
        {
            writer.Line($"    new(\"{norm.Name}.running_mean\", {norm.Buffers}, new[] {{ {norm.Channels} }}),");
            writer.Line($"    new(\"{norm.Name}.running_var\", {norm.Buffers + norm.Channels}, new[] {{ {norm.Channels} }}),");
            writer.Line($"    new(\"{norm.Name}.num_batches_tracked\", {norm.Buffers + (2 * norm.Channels)}, global::System.Array.Empty<int>()),");
        }

        writer.Line("};");
        writer.Line();
    }

    public static void EmitKernels(SourceWriter writer, NetworkPlan plan, string read, string span)
    {
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static int BufferCount => {plan.BufferCount};");
        writer.Line();
        writer.Line($"private static readonly {Runtime}.BatchNormLayer[] s_batchNorms =");
        writer.Line("{");
        foreach (BatchNormBlock norm in plan.BatchNorms)
        {
            writer.Line($"    new(\"{norm.Name}\", Channels: {norm.Channels}, Plane: {norm.Plane}, KeptInput: {norm.In.Kept}, KeptOutput: {norm.Out.Kept}, AlternatingInput: {norm.In.Alternating}, AlternatingOutput: {norm.Out.Alternating}, Weight: {norm.Weight?.Offset ?? -1}, Buffers: {norm.Buffers}, Eps: {Literal.Double(norm.Eps)}, Momentum: {Literal.Double(norm.Momentum)}),");
        }

        writer.Line("};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static global::System.ReadOnlySpan<{Runtime}.BatchNormLayer> BatchNorms => s_batchNorms;");
        Whole(writer, "ForwardImage", $"{read} parameters, {read} image, {span} buffer, {span} logits");
        Whole(writer, "Forward", $"{read} parameters, {span} buffer");
        Whole(writer, "ForwardTraining", $"{read} parameters, {span} activations");
        Whole(writer, "Backward", $"{read} parameters, {read} activations, {span} gradients, {span} scratch, {span} parameterGradients, bool withInput");
        KernelsEmitter.Dispatch(writer, "ForwardImageSegment", $"int segment, {read} parameters, {span} buffer", "segment, parameters, buffer");
        KernelsEmitter.Dispatch(writer, "ForwardSegment", $"int segment, {read} parameters, {span} buffer", "segment, parameters, buffer");
        KernelsEmitter.Dispatch(writer, "ForwardTrainingSegment", $"int segment, {read} parameters, {span} activations", "segment, parameters, activations");
        KernelsEmitter.Dispatch(writer, "BackwardSegment", $"int segment, {read} parameters, {read} activations, {span} gradients, {span} scratch, {span} parameterGradients, bool withInput", "segment, parameters, activations, gradients, scratch, parameterGradients, withInput");
    }

    /// <summary>A whole pass, which a network with batch norms never runs: the runtime runs its segments.</summary>
    private static void Whole(SourceWriter writer, string pass, string parameters)
    {
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static void {pass}({Runtime}.VectorWidth width, {parameters}) => {Runtime}.Guard.ThrowSegmented();");
    }
}
