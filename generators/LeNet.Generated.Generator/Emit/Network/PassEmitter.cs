using System.Collections.Generic;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The passes of one profile: the layer kernels called one after another on literal slices of a lane
/// group's buffers. <c>Forward</c> evaluates in the alternating layout, <c>ForwardTraining</c> keeps every
/// activation, <c>Backward</c> runs the layers in reverse and adds the parameter gradients image by
/// image; at a vector profile <c>ForwardImage</c> evaluates one image with the per-image kernels.
/// </summary>
internal static class PassEmitter
{
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

    public static void Emit(SourceWriter writer, KernelMode mode, NetworkPlan plan, ProfilePlan profile)
    {
        if (plan.BatchNorms.Count > 0)
        {
            SegmentEmitter.Emit(writer, mode, plan, profile);
            return;
        }

        string t = mode.Scalar.Keyword;
        string group = mode.IsVector ? $"a group of {mode.Lanes} images" : "one image";

        writer.Line($"/// <summary>Evaluates {group}; each layer's output overwrites the buffer two layers back.</summary>");
        using (writer.Block($"public static void Forward(global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> buffer)"))
        {
            EmitForward(writer, mode, plan, "buffer", Layout.Alternating);
        }

        writer.Line();
        writer.Line($"/// <summary>The training forward pass of {group}: every activation is kept for <see cref=\"Backward\"/>.</summary>");
        using (writer.Block($"public static void ForwardTraining(global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> activations)"))
        {
            EmitForward(writer, mode, plan, "activations", Layout.Kept);
        }

        writer.Line();
        writer.Line($"/// <summary>");
        writer.Line($"/// Back-propagates ∂loss/∂logits through {group}, layers in reverse, activation gradients alternating");
        writer.Line($"/// between two regions, and adds the parameter gradients to <paramref name=\"parameterGradients\"/> image by image.");
        writer.Line($"/// </summary>");
        using (writer.Block($"public static void Backward(global::System.ReadOnlySpan<{t}> parameters, global::System.ReadOnlySpan<{t}> activations, global::System.Span<{t}> gradients, global::System.Span<{t}> scratch, global::System.Span<{t}> parameterGradients, bool withInput)"))
        {
            EmitBackward(writer, mode, plan);
        }

        writer.Line();
        if (!mode.IsVector)
        {
            writer.Line("/// <summary>Evaluates one image: the lane kernels one lane wide.</summary>");
            using (writer.Block($"public static void ForwardImage(global::System.ReadOnlySpan<{t}> parameters, global::System.ReadOnlySpan<{t}> image, global::System.Span<{t}> buffer, global::System.Span<{t}> logits)"))
            {
                writer.Line($"image.CopyTo(buffer.Slice({plan.InputBuffer.Alternating}, {plan.Input.Length}));");
                writer.Line("Forward(parameters, buffer);");
                writer.Line($"buffer.Slice({plan.Last.Out.Alternating}, {plan.OutputLength}).CopyTo(logits);");
            }

            return;
        }

        writer.Line($"/// <summary>Evaluates one image with the per-image kernels where a layer has them, the scalar kernels elsewhere.</summary>");
        using (writer.Block($"public static void ForwardImage(global::System.ReadOnlySpan<{t}> parameters, global::System.ReadOnlySpan<{t}> image, global::System.Span<{t}> buffer, global::System.Span<{t}> logits)"))
        {
            writer.Line($"global::System.Span<{t}> a = buffer;");
            writer.Line($"global::System.ReadOnlySpan<{t}> p = parameters;");
            writer.Line($"image.CopyTo({Slice("a", plan.InputBuffer, Layout.Alternating)});");
            if (plan.ImageScratchLength > 0)
            {
                writer.Line($"global::System.Span<{t}> scratch = a.Slice({plan.AlternatingLength}, {plan.ImageScratchLength});");
            }

            for (int i = 0; i < plan.Blocks.Count; i++)
            {
                ImageCall(writer, plan, profile, i);
            }

            writer.Line($"{Slice("a", plan.Last.Out, Layout.Alternating)}.CopyTo(logits);");
        }
    }

    /// <summary>The per-image call of block <paramref name="index"/>: its per-image kernel, or the scalar kernel where it has none.</summary>
    internal static void ImageCall(SourceWriter writer, NetworkPlan plan, ProfilePlan profile, int index)
    {
        Block block = plan.Blocks[index];
        KernelSchedule? image = profile.Blocks[index].Image;
        if (SkipsDropout(writer, block, Layout.Alternating))
        {
            return;
        }

        if (image is null)
        {
            ForwardCall(writer, plan, block, "a", "p", Layout.Alternating, "Scalar.");
            return;
        }

        string method = Names.Method(block.Name);
        writer.Line($"// {block.Name}: {Describe.Module(block)}, {block.Input} to {block.Output}");
        if (block is PoolBlock)
        {
            writer.Line($"{method}ForwardImage({Slice("a", block.In, Layout.Alternating)}, {Slice("a", block.Out, Layout.Alternating)});");
            return;
        }

        string read = "a";
        if (block is ConvBlock { Padded: { } padded } conv)
        {
            writer.Line($"Scalar.{method}Pad({Slice("a", conv.In, Layout.Alternating)}, {Slice("a", padded, Layout.Alternating)});");
        }

        Buffer source = block is ConvBlock c ? c.Read : block.In;
        (TensorPlan weight, TensorPlan bias) = block switch
        {
            ConvBlock convolution => (convolution.Weight, convolution.Bias),
            _ => (((LinearBlock)block).Weight, ((LinearBlock)block).Bias),
        };
        // The scratch is sized for the largest kernel that takes one; each gets exactly its own length.
        string extra = image is ImageConvChannels && block is ConvBlock scratched ? $", scratch[..{ImageConvChannels.ScratchLength(scratched)}]" : string.Empty;
        writer.Line($"{method}ForwardImage({Slice(read, source, Layout.Alternating)}, {Slice("p", weight)}, {Slice("p", bias)}, {Slice("a", block.Out, Layout.Alternating)}{extra});");
    }

    private static void EmitForward(SourceWriter writer, KernelMode mode, NetworkPlan plan, string buffer, Layout layout)
    {
        writer.Line($"{mode.Span} a = {Cast(mode, buffer)};");
        writer.Line($"{mode.Scalar.ReadOnlySpan} p = parameters;");
        foreach (Block block in plan.Blocks)
        {
            ForwardCall(writer, plan, block, "a", "p", layout, string.Empty);
        }
    }

    /// <summary>A dropout in evaluation: nothing to do, its output is its input (<see cref="DropoutBlock"/>).</summary>
    private static bool SkipsDropout(SourceWriter writer, Block block, Layout layout)
    {
        if (block is not DropoutBlock || layout != Layout.Alternating)
        {
            return false;
        }

        writer.Line($"// {block.Name}: {Describe.Module(block)}, the identity in evaluation");
        return true;
    }

    /// <summary>The calls of one block's forward pass: its padding copy, then its kernel.</summary>
    internal static void ForwardCall(SourceWriter writer, NetworkPlan plan, Block block, string a, string p, Layout layout, string owner)
    {
        if (SkipsDropout(writer, block, layout))
        {
            return;
        }

        string method = owner + Names.Method(block.Name);
        writer.Line($"// {block.Name}: {Describe.Module(block)}, {block.Input} to {block.Output}");
        switch (block)
        {
            case DropoutBlock dropout:
                writer.Line($"{method}Forward({Slice(a, dropout.In, layout)}, {Slice(a, dropout.Mask, layout)}, {Slice(a, dropout.Out, layout)});");
                break;
            case ConvBlock conv:
                if (conv.Padded is { } padded)
                {
                    writer.Line($"{method}Pad({Slice(a, conv.In, layout)}, {Slice(a, padded, layout)});");
                }

                writer.Line($"{method}Forward({Slice(a, conv.Read, layout)}, {Slice(p, conv.Weight)}, {Slice(p, conv.Bias)}, {Slice(a, conv.Out, layout)});");
                break;
            case LinearBlock linear:
                writer.Line($"{method}Forward({Slice(a, linear.In, layout)}, {Slice(p, linear.Weight)}, {Slice(p, linear.Bias)}, {Slice(a, linear.Out, layout)});");
                break;
            case PoolBlock pool:
                if (pool.Padded is { } bordered)
                {
                    writer.Line($"{method}Pad({Slice(a, pool.In, layout)}, {Slice(a, bordered, layout)});");
                }

                writer.Line(pool is { Weight: { } weight, Bias: { } bias }
                    ? $"{method}Forward({Slice(a, pool.Read, layout)}, {Slice(p, weight)}, {Slice(p, bias)}, {Slice(a, pool.Out, layout)});"
                    : $"{method}Forward({Slice(a, pool.Read, layout)}, {Slice(a, pool.Out, layout)});");
                break;
            default:
                writer.Line($"{method}Forward({Slice(a, block.In, layout)}, {Slice(a, block.Out, layout)});");
                break;
        }
    }

    /// <summary>
    /// The layers in reverse: activations are read where the training forward pass kept them, activation
    /// gradients alternate between two regions, and the first layer's input gradient is computed only when
    /// asked for. Convolutions and trainable pools write their parameter gradients per lane into the
    /// scratch, added to the parameter gradients image by image at the end; linear layers add theirs directly.
    /// </summary>
    private static void EmitBackward(SourceWriter writer, KernelMode mode, NetworkPlan plan)
    {
        string t = mode.Scalar.Keyword;
        int lanes = mode.Lanes;
        BackwardLocals(writer, mode, plan);

        for (int i = plan.Blocks.Count - 1; i >= 0; i--)
        {
            BackwardCall(writer, mode, plan, i);
        }

        if (plan.LaneGradients.Count > 0)
        {
            writer.Line();
            writer.Line("// The per-lane parameter gradients, added to the parameter gradients one image after another.");
            foreach (LaneGradientRun run in plan.LaneGradients)
            {
                writer.Line($"global::LeNet.Generated.Lanes.AddInOrder<{t}>(scratch.Slice({run.Scratch * lanes}, {run.Length * lanes}), {lanes}, dg.Slice({run.Parameter}, {run.Length}));");
            }
        }
    }

    /// <summary>The backward pass's views of its buffers.</summary>
    internal static void BackwardLocals(SourceWriter writer, KernelMode mode, NetworkPlan plan)
    {
        string t = mode.Scalar.Keyword;
        int lanes = mode.Lanes;
        writer.Line("// a: activations, da: their gradients, p: parameters, dp: per-lane parameter gradients, dg: parameter gradients.");
        writer.Line($"{mode.ReadOnlySpan} a = {Cast(mode, "activations")};");
        writer.Line($"{mode.Span} da = {Cast(mode, "gradients")};");
        writer.Line($"{mode.Scalar.ReadOnlySpan} p = parameters;");
        writer.Line($"{mode.Span} dp = {Cast(mode, "scratch")};");
        writer.Line($"global::System.Span<{t}> dg = parameterGradients;");
        int rows = plan.LaneScratchLength - plan.RowsScratch;
        if (rows > 0)
        {
            writer.Line($"global::System.Span<{t}> rows = scratch.Slice({plan.RowsScratch * lanes}, {rows * lanes});");
        }
    }

    /// <summary>The backward calls of block <paramref name="i"/>; the first block's input gradient only when asked for.</summary>
    internal static void BackwardCall(SourceWriter writer, KernelMode mode, NetworkPlan plan, int i)
    {
        int lanes = mode.Lanes;
        Block block = plan.Blocks[i];
        string method = Names.Method(block.Name);
        writer.Line($"// {block.Name}: {Describe.Module(block)}");
        if (plan.HasActivationBackward(i))
        {
            writer.Line($"{method}ActivationBackward({Slice("a", block.Out, Layout.Kept)}, {Slice("da", block.Out, Layout.Alternating)});");
        }

        var toInput = new List<string>();
        switch (block)
        {
            case ConvBlock conv:
                writer.Line($"{method}BackwardParameters({Slice("a", conv.Read, Layout.Kept)}, {Slice("da", conv.Out, Layout.Alternating)}, dp.Slice({conv.LaneWeight}, {conv.Weight.Length}), dp.Slice({conv.LaneBias}, {conv.Bias.Length}));");
                toInput.Add($"{method}BackwardInput({Slice("da", conv.Out, Layout.Alternating)}, {Slice("p", conv.Weight)}, {Slice("da", conv.Read, Layout.Alternating)});");
                if (conv.Padded is { } padded)
                {
                    toInput.Add($"{method}Unpad({Slice("da", padded, Layout.Alternating)}, {Slice("da", conv.In, Layout.Alternating)});");
                }

                break;
            case LinearBlock linear:
                writer.Line($"{method}BackwardParameters({Slice("a", linear.In, Layout.Kept)}, {Slice("da", linear.Out, Layout.Alternating)}, {Slice("dg", linear.Weight)}, {Slice("dg", linear.Bias)}, rows.Slice(0, {linear.Input.Length * lanes}));");
                toInput.Add($"{method}BackwardInput({Slice("da", linear.Out, Layout.Alternating)}, {Slice("p", linear.Weight)}, {Slice("da", linear.In, Layout.Alternating)});");
                break;
            case PoolBlock { Weight: { } weight, Bias: { } bias } pool:
                writer.Line($"{method}BackwardParameters({Slice("a", pool.Read, Layout.Kept)}, {Slice("da", pool.Out, Layout.Alternating)}, dp.Slice({pool.LaneWeight}, {weight.Length}), dp.Slice({pool.LaneBias}, {bias.Length}));");
                toInput.Add($"{method}BackwardInput({Slice("da", pool.Out, Layout.Alternating)}, {Slice("p", weight)}, {Slice("da", pool.Read, Layout.Alternating)});");
                break;
            case PoolBlock pool when pool.IsMax || pool.AppliesInputActivationGradient:
                toInput.Add($"{method}Backward({Slice("a", pool.Read, Layout.Kept)}, {Slice("da", pool.Out, Layout.Alternating)}, {Slice("da", pool.Read, Layout.Alternating)});");
                break;
            case PoolBlock pool:
                toInput.Add($"{method}Backward({Slice("da", pool.Out, Layout.Alternating)}, {Slice("da", pool.Read, Layout.Alternating)});");
                break;
            case GlobalAvgPoolBlock global:
                toInput.Add($"{method}Backward({Slice("da", global.Out, Layout.Alternating)}, {Slice("da", global.In, Layout.Alternating)});");
                break;
            case DropoutBlock dropout:
                toInput.Add($"{method}Backward({Slice("a", dropout.Mask, Layout.Kept)}, {Slice("da", dropout.Out, Layout.Alternating)});");
                break;
            case ActivationBlock activation:
                toInput.Add($"{method}Backward({Slice("a", activation.Out, Layout.Kept)}, {Slice("da", activation.Out, Layout.Alternating)}, {Slice("da", activation.In, Layout.Alternating)});");
                break;
        }

        if (block is PoolBlock { Padded: { } poolPadded })
        {
            toInput.Add($"{method}Unpad({Slice("da", poolPadded, Layout.Alternating)}, {Slice("da", block.In, Layout.Alternating)});");
        }

        if (i > 0)
        {
            toInput.ForEach(writer.Line);
            return;
        }

        using (writer.Block("if (withInput)"))
        {
            toInput.ForEach(writer.Line);
        }
    }

    /// <summary>A span of the lane element over a span of scalars, or the span itself at the scalar profile.</summary>
    internal static string Cast(KernelMode mode, string span) => mode.IsVector ? $"{Marshal}.Cast<{mode.Scalar.Keyword}, {mode.Element}>({span})" : span;

    public static string Slice(string span, Buffer buffer, Layout layout) => $"{span}.Slice({buffer.Offset(layout)}, {buffer.Length})";

    public static string Slice(string span, TensorPlan tensor) => $"{span}.Slice({tensor.Offset}, {tensor.Length})";
}
