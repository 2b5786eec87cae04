using System.Collections.Generic;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The passes of a network with batch norms, in segments: segment k holds the layers between batch norm k − 1
/// and batch norm k, and each pass takes the segment to run, the runtime normalising between segments over every
/// lane group of a pass. The calls inside a segment are those <see cref="PassEmitter"/> writes for a whole pass;
/// networks without batch norms keep their whole passes.
/// </summary>
internal static class SegmentEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, NetworkPlan plan, ProfilePlan profile)
    {
        string t = mode.Scalar.Keyword;
        string group = mode.IsVector ? $"a group of {mode.Lanes} images" : "one image";
        int segments = plan.BatchNorms.Count + 1;

        writer.Line($"/// <summary>Segment <paramref name=\"segment\"/> of the evaluation of {group}; each layer's output overwrites the buffer two layers back.</summary>");
        using (writer.Block($"public static void ForwardSegment(int segment, global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> buffer)"))
        {
            writer.Line($"{mode.Span} a = {PassEmitter.Cast(mode, "buffer")};");
            writer.Line($"{mode.Scalar.ReadOnlySpan} p = parameters;");
            Switch(writer, plan, segments, i => PassEmitter.ForwardCall(writer, plan, plan.Blocks[i], "a", "p", Layout.Alternating, string.Empty));
        }

        writer.Line();
        writer.Line($"/// <summary>Segment <paramref name=\"segment\"/> of the training forward pass of {group}: every activation is kept.</summary>");
        using (writer.Block($"public static void ForwardTrainingSegment(int segment, global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> activations)"))
        {
            writer.Line($"{mode.Span} a = {PassEmitter.Cast(mode, "activations")};");
            writer.Line($"{mode.Scalar.ReadOnlySpan} p = parameters;");
            Switch(writer, plan, segments, i => PassEmitter.ForwardCall(writer, plan, plan.Blocks[i], "a", "p", Layout.Kept, string.Empty));
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line($"/// Segment <paramref name=\"segment\"/> of the backward pass of {group}, layers in reverse; the per-lane parameter");
        writer.Line("/// gradients of its layers are added to <paramref name=\"parameterGradients\"/> image by image.");
        writer.Line("/// </summary>");
        using (writer.Block($"public static void BackwardSegment(int segment, global::System.ReadOnlySpan<{t}> parameters, global::System.ReadOnlySpan<{t}> activations, global::System.Span<{t}> gradients, global::System.Span<{t}> scratch, global::System.Span<{t}> parameterGradients, bool withInput)"))
        {
            PassEmitter.BackwardLocals(writer, mode, plan);
            using (writer.Block("switch (segment)"))
            {
                for (int segment = 0; segment < segments; segment++)
                {
                    (int start, int end) = plan.Segment(segment);
                    writer.Line($"case {segment}:");
                    using var braces = writer.Braces();
                    var blocks = new List<Block>();
                    for (int i = end - 1; i >= start; i--)
                    {
                        PassEmitter.BackwardCall(writer, mode, plan, i);
                        blocks.Insert(0, plan.Blocks[i]);
                    }

                    foreach (LaneGradientRun run in Planner.Runs(blocks.ToEquatableArray()))
                    {
                        writer.Line($"global::LeNet.Generated.Lanes.AddInOrder<{t}>(scratch.Slice({run.Scratch * mode.Lanes}, {run.Length * mode.Lanes}), {mode.Lanes}, dg.Slice({run.Parameter}, {run.Length}));");
                    }

                    writer.Line("break;");
                }
            }
        }

        writer.Line();
        if (!mode.IsVector)
        {
            writer.Line("/// <summary>Segment <paramref name=\"segment\"/> of the evaluation of one image: the lane kernels one lane wide.</summary>");
            using (writer.Block($"public static void ForwardImageSegment(int segment, global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> buffer)"))
            {
                writer.Line("ForwardSegment(segment, parameters, buffer);");
            }

            return;
        }

        writer.Line("/// <summary>Segment <paramref name=\"segment\"/> of the evaluation of one image, with the per-image kernels where a layer has them, the scalar kernels elsewhere.</summary>");
        using (writer.Block($"public static void ForwardImageSegment(int segment, global::System.ReadOnlySpan<{t}> parameters, global::System.Span<{t}> buffer)"))
        {
            writer.Line($"global::System.Span<{t}> a = buffer;");
            writer.Line($"global::System.ReadOnlySpan<{t}> p = parameters;");
            if (plan.ImageScratchLength > 0)
            {
                writer.Line($"global::System.Span<{t}> scratch = a.Slice({plan.AlternatingLength}, {plan.ImageScratchLength});");
            }

            Switch(writer, plan, segments, i => PassEmitter.ImageCall(writer, plan, profile, i));
        }
    }

    /// <summary>A switch over the segments, each case the calls of its blocks in order.</summary>
    private static void Switch(SourceWriter writer, NetworkPlan plan, int segments, System.Action<int> call)
    {
        using (writer.Block("switch (segment)"))
        {
            for (int segment = 0; segment < segments; segment++)
            {
                (int start, int end) = plan.Segment(segment);
                writer.Line($"case {segment}:");
                using var braces = writer.Braces();
                for (int i = start; i < end; i++)
                {
                    call(i);
                }

                if (end < plan.Blocks.Count)
                {
                    writer.Line($"// then {plan.Blocks[end].Name}: {Describe.Module(plan.Blocks[end])}, computed by the runtime between segments");
                }

                writer.Line("break;");
            }
        }
    }
}
