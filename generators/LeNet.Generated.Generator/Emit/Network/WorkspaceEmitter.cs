using System.Collections.Generic;
using System.Linq;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The nested <c>Workspace</c>: one thread's buffers over shared parameters, and the public
/// methods that run them. One image runs through the scalar kernels; batches run through the lane
/// kernels a group of <c>Vector&lt;T&gt;.Count</c> images at a time, with any images left over
/// run one by one. Both call the layer kernels on literal slices of the buffers.
/// </summary>
internal static class WorkspaceEmitter
{
    private const string Guard = "global::LeNet.Generated.Guard";
    private const string Lanes = "global::LeNet.Generated.Lanes";

    public static void Emit(SourceWriter writer, ScalarNames scalar, NetworkPlan plan, TargetFeatures features)
    {
        string t = scalar.Keyword;
        string vector = $"global::System.Numerics.Vector<{t}>";
        int input = plan.Input.Length;
        int output = plan.OutputLength;

        writer.Line("/// <summary>");
        writer.Line("/// One thread's buffers over the network's parameters: activations, their gradients and a parameter");
        writer.Line("/// gradient accumulator, for one image and for a group of images in vector lanes, all allocated at");
        writer.Line("/// construction. Not thread-safe; give each thread its own.");
        writer.Line("/// </summary>");
        using (writer.Block($"public sealed class Workspace : global::LeNet.Generated.INetworkWorkspace<{t}>"))
        {
            writer.Line($"private readonly {t}[] _parameters;");
            writer.Line($"private readonly {t}[] _gradients = new {t}[ParameterCount];");
            writer.Line($"private readonly {t}[] _activations = new {t}[ActivationLength];");
            writer.Line($"private readonly {t}[] _activationGradients = new {t}[ActivationLength];");
            writer.Line($"private readonly {vector}[] _laneActivations = new {vector}[ActivationLength];");
            writer.Line($"private readonly {vector}[] _laneActivationGradients = new {vector}[ActivationLength];");
            // Indexed by parameter offset; nothing past the last per-lane range is written.
            int laneGradients = LaneGradientRanges(plan) is { Count: > 0 } ranges ? ranges[ranges.Count - 1].Offset + ranges[ranges.Count - 1].Length : 0;
            writer.Line($"private readonly {vector}[] _laneGradients = new {vector}[{Literal.Int(laneGradients)}];");
            if (LargestLinearInput(plan) is > 0 and int rows)
            {
                writer.Line($"private readonly {t}[] _rows = new {t}[{vector}.Count * {Literal.Int(rows)}];");
            }

            if (Scratch(plan, scalar, features) is > 0 and int scratch)
            {
                writer.Line($"private readonly {t}[] _scratch = new {t}[{Literal.Int(scratch)}];");
            }

            writer.Line("private bool _hasSingleForward;");
            writer.Line();
            writer.Line($"internal Workspace({t}[] parameters) => _parameters = parameters;");
            writer.Line();
            writer.Line($"/// <summary>Images per lane group: the width of <c>Vector&lt;{t}&gt;</c> on this machine.</summary>");
            writer.Line($"private static int Group => {vector}.Count;");
            writer.Line();
            Views(writer, t, "", "_activations", "_activationGradients", plan);
            Views(writer, vector, "Lanes", "_laneActivations", "_laneActivationGradients", plan);

            writer.Line("/// <summary>Accumulated parameter gradients, in the same layout as the parameters.</summary>");
            writer.Line($"public global::System.Span<{t}> Gradients => _gradients;");
            writer.Line();
            writer.Line("/// <summary>Sets <see cref=\"Gradients\"/> to zero.</summary>");
            writer.Line("public void ZeroGradients() => global::System.Array.Clear(_gradients);");
            writer.Line();

            writer.Line($"/// <summary>Runs N images of {plan.Input} (one after another, row-major) and writes N rows of {output} logits.</summary>");
            using (writer.Block($"public void Forward({scalar.ReadOnlySpan} inputs, global::System.Span<{t}> outputs)"))
            {
                writer.Line($"int count = {Guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{Guard}.Length(outputs.Length, count * {output}, nameof(outputs));");
                Batched(writer, input,
                    group: [$"{Lanes}.Scatter<{t}>(OutputLanes, outputs.Slice(n * {output}, Group * {output}), {output});"],
                    image: [$"Output.CopyTo(outputs.Slice(n * {output}, {output}));"]);
                writer.Line("_hasSingleForward = count == 1;");
            }

            writer.Line();
            writer.Line("/// <summary>Returns the index of the largest logit of one image (the first, on ties).</summary>");
            using (writer.Block($"public int Predict({scalar.ReadOnlySpan} input)"))
            {
                writer.Line($"{Guard}.Length(input.Length, {input}, nameof(input));");
                writer.Line("ForwardImage(input);");
                writer.Line("_hasSingleForward = true;");
                writer.Line($"return global::LeNet.Generated.Logits.ArgMax<{t}>(Output);");
            }

            writer.Line();
            writer.Line("/// <summary>Writes the predicted class of each of N images to <paramref name=\"predictions\"/>.</summary>");
            using (writer.Block($"public void Predict({scalar.ReadOnlySpan} inputs, global::System.Span<int> predictions)"))
            {
                writer.Line($"int count = {Guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{Guard}.Length(predictions.Length, count, nameof(predictions));");
                Batched(writer, input,
                    group: [$"{Lanes}.ArgMax<{t}>(OutputLanes, predictions.Slice(n, Group));"],
                    image: [$"predictions[n] = global::LeNet.Generated.Logits.ArgMax<{t}>(Output);"]);
                writer.Line("_hasSingleForward = count == 1;");
            }

            writer.Line();
            writer.Line("/// <summary>Mean softmax cross-entropy of N images against their labels, as <c>nn.CrossEntropyLoss</c>; no gradients.</summary>");
            using (writer.Block($"public {t} Loss({scalar.ReadOnlySpan} inputs, global::System.ReadOnlySpan<int> labels)"))
            {
                writer.Line($"int count = {Guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{Guard}.Labels(labels, count, {output}, nameof(labels));");
                writer.Line($"{t} loss = {scalar.Literal(0)};");
                Batched(writer, input,
                    group: [$"loss += {Lanes}.SoftmaxCrossEntropy<{t}>(OutputLanes, labels.Slice(n, Group), {scalar.Literal(1)}, default);"],
                    image: [$"loss += global::LeNet.Generated.Losses.SoftmaxCrossEntropy.Loss<{t}>(Output, labels[n]);"]);
                writer.Line("_hasSingleForward = count == 1;");
                writer.Line("return loss / count;");
            }

            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// Back-propagates <paramref name=\"outputGradient\"/> (∂loss/∂logits) through the preceding single-image");
            writer.Line("/// <see cref=\"Forward\"/>, adds the parameter gradients to <see cref=\"Gradients\"/> and, if");
            writer.Line("/// <paramref name=\"inputGradient\"/> is not empty, writes ∂loss/∂input to it.");
            writer.Line("/// </summary>");
            using (writer.Block($"public void Backward({scalar.ReadOnlySpan} outputGradient, global::System.Span<{t}> inputGradient)"))
            {
                using (writer.Block("if (!_hasSingleForward)"))
                {
                    writer.Line($"{Guard}.ThrowNoForward();");
                }

                writer.Line($"{Guard}.Length(outputGradient.Length, {output}, nameof(outputGradient));");
                writer.Line("bool withInput = !inputGradient.IsEmpty;");
                using (writer.Block("if (withInput)"))
                {
                    writer.Line($"{Guard}.Length(inputGradient.Length, {input}, nameof(inputGradient));");
                }

                writer.Line("outputGradient.CopyTo(OutputGradient);");
                writer.Line("BackwardImage(withInput);");
                using (writer.Block("if (withInput)"))
                {
                    writer.Line("InputGradient.CopyTo(inputGradient);");
                }
            }

            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// For N images: forward, softmax cross-entropy and backward. Adds the gradient of scale · Σ loss to");
            writer.Line("/// <see cref=\"Gradients\"/>, writes its gradient with respect to each input to <paramref name=\"inputGradients\"/>");
            writer.Line("/// unless that is empty, writes each image's predicted class to <paramref name=\"predictions\"/> unless that is");
            writer.Line("/// empty, and returns Σ loss. Labels are checked before anything changes.");
            writer.Line("/// </summary>");
            using (writer.Block($"public {t} AccumulateGradients({scalar.ReadOnlySpan} inputs, global::System.ReadOnlySpan<int> labels, {t} scale, global::System.Span<{t}> inputGradients = default, global::System.Span<int> predictions = default)"))
            {
                writer.Line($"int count = {Guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{Guard}.Labels(labels, count, {output}, nameof(labels));");
                writer.Line("bool withInput = !inputGradients.IsEmpty;");
                using (writer.Block("if (withInput)"))
                {
                    writer.Line($"{Guard}.Length(inputGradients.Length, inputs.Length, nameof(inputGradients));");
                }

                writer.Line("bool withPredictions = !predictions.IsEmpty;");
                using (writer.Block("if (withPredictions)"))
                {
                    writer.Line($"{Guard}.Length(predictions.Length, count, nameof(predictions));");
                }

                writer.Line($"{t} loss = {scalar.Literal(0)};");
                Batched(writer, input,
                    group:
                    [
                        "if (withPredictions)",
                        "{",
                        $"    {Lanes}.ArgMax<{t}>(OutputLanes, predictions.Slice(n, Group));",
                        "}",
                        "",
                        $"loss += {Lanes}.SoftmaxCrossEntropy<{t}>(OutputLanes, labels.Slice(n, Group), scale, OutputGradientLanes);",
                        "BackwardGroup(withInput);",
                        "if (withInput)",
                        "{",
                        $"    {Lanes}.Scatter<{t}>(InputGradientLanes, inputGradients.Slice(n * {input}, Group * {input}), {input});",
                        "}",
                    ],
                    image:
                    [
                        "if (withPredictions)",
                        "{",
                        $"    predictions[n] = global::LeNet.Generated.Logits.ArgMax<{t}>(Output);",
                        "}",
                        "",
                        $"loss += global::LeNet.Generated.Losses.SoftmaxCrossEntropy.LossAndGradient<{t}>(Output, labels[n], scale, OutputGradient);",
                        "BackwardImage(withInput);",
                        "if (withInput)",
                        "{",
                        $"    InputGradient.CopyTo(inputGradients.Slice(n * {input}, {input}));",
                        "}",
                    ],
                    afterGroups: [.. LaneGradientRanges(plan).Select(r => $"{Lanes}.Reduce<{t}>(new global::System.Span<{vector}>(_laneGradients, {r.Offset}, {r.Length}), new global::System.Span<{t}>(_gradients, {r.Offset}, {r.Length}));")]);
                writer.Line("_hasSingleForward = false;");
                writer.Line("return loss;");
            }

            var image = new KernelMode(scalar, IsLanes: false, features);
            var lanes = new KernelMode(scalar, IsLanes: true, features);
            writer.Line();
            EmitForward(writer, image, plan, $"private void ForwardImage({scalar.ReadOnlySpan} image)", "_activations", first => $"image.CopyTo({first});");
            writer.Line();
            EmitForward(writer, lanes, plan, $"private void ForwardGroup({scalar.ReadOnlySpan} images)", "_laneActivations", first => $"{Lanes}.Gather<{t}>(images, {input}, {first});");
            writer.Line();
            EmitBackward(writer, image, plan, "private void BackwardImage(bool withInput)", "_activations", "_activationGradients", "_gradients");
            writer.Line();
            EmitBackward(writer, lanes, plan, "private void BackwardGroup(bool withInput)", "_laneActivations", "_laneActivationGradients", "_laneGradients");
        }
    }

    /// <summary>Private views of the logits, their gradient and the input gradient, for one image or a lane group.</summary>
    private static void Views(SourceWriter writer, string element, string suffix, string activations, string gradients, NetworkPlan plan)
    {
        string what = suffix.Length == 0 ? "the last image" : "the last group of images";
        writer.Line($"/// <summary>The logits of {what} run forward.</summary>");
        writer.Line($"private global::System.Span<{element}> Output{suffix} => new({activations}, {plan.Last.Out.Offset}, {plan.OutputLength});");
        writer.Line();
        writer.Line("/// <summary>∂loss/∂logits, where the backward pass starts.</summary>");
        writer.Line($"private global::System.Span<{element}> OutputGradient{suffix} => new({gradients}, {plan.Last.Out.Offset}, {plan.OutputLength});");
        writer.Line();
        writer.Line("/// <summary>∂loss/∂input, where the backward pass ends when the input gradient is asked for.</summary>");
        writer.Line($"private global::System.Span<{element}> InputGradient{suffix} => new({gradients}, {plan.InputBuffer.Offset}, {plan.Input.Length});");
        writer.Line();
    }

    /// <summary>
    /// Loops over N images: whole lane groups through <c>ForwardGroup</c> and <paramref name="group"/>,
    /// then the rest one by one through <c>ForwardImage</c> and <paramref name="image"/>.
    /// </summary>
    private static void Batched(SourceWriter writer, int input, string[] group, string[] image, string[]? afterGroups = null)
    {
        writer.Line("int n = 0;");
        using (writer.Block("for (; n + Group <= count; n += Group)"))
        {
            writer.Line($"ForwardGroup(inputs.Slice(n * {input}, Group * {input}));");
            foreach (string line in group)
            {
                writer.Line(line);
            }
        }

        if (afterGroups is { Length: > 0 })
        {
            using (writer.Block("if (n > 0)"))
            {
                foreach (string line in afterGroups)
                {
                    writer.Line(line);
                }
            }
        }

        using (writer.Block("for (; n < count; n++)"))
        {
            writer.Line($"ForwardImage(inputs.Slice(n * {input}, {input}));");
            foreach (string line in image)
            {
                writer.Line(line);
            }
        }
    }

    /// <summary>The forward pass: layer by layer over literal slices of the activation buffer.</summary>
    private static void EmitForward(SourceWriter writer, KernelMode mode, NetworkPlan plan, string signature, string activations, System.Func<string, string> load)
    {
        using (writer.Block(signature))
        {
            writer.Line($"{mode.Span} a = {activations};");
            writer.Line($"{mode.Scalar.ReadOnlySpan} p = _parameters;");
            writer.Line(load(Slice("a", plan.InputBuffer)));
            foreach (Block block in plan.Blocks)
            {
                writer.Line($"// {block.Name}: {Describe.Module(block)}, {block.Input} to {block.Output}");
                string method = Names.Method(block.Name);
                string suffix = mode.Suffix;
                switch (block)
                {
                    case ConvBlock conv:
                        if (conv.Padded is not null)
                        {
                            writer.Line($"{method}Pad{suffix}({Slice("a", conv.In)}, {Slice("a", conv.Padded)});");
                        }

                        int length = ImageVectorKernels.ScratchLength(mode, conv);
                        string scratch = length > 0 ? $", new global::System.Span<{mode.Scalar.Keyword}>(_scratch, 0, {length})" : string.Empty;
                        writer.Line($"{method}Forward{suffix}({Slice("a", conv.Padded ?? conv.In)}, {Slice("p", conv.Weight)}, {Slice("p", conv.Bias)}, {Slice("a", conv.Out)}{scratch});");
                        break;
                    case LinearBlock linear:
                        writer.Line($"{method}Forward{suffix}({Slice("a", linear.In)}, {Slice("p", linear.Weight)}, {Slice("p", linear.Bias)}, {Slice("a", linear.Out)});");
                        break;
                    case PoolBlock { Weight: { } weight, Bias: { } bias } pool:
                        writer.Line($"{method}Forward{suffix}({Slice("a", pool.In)}, {Slice("p", weight)}, {Slice("p", bias)}, {Slice("a", pool.Out)});");
                        break;
                    default:
                        writer.Line($"{method}Forward{suffix}({Slice("a", block.In)}, {Slice("a", block.Out)});");
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The backward pass, from ∂loss/∂logits already in the gradient buffer, layers in reverse. The
    /// first layer's input gradient is computed only when asked for.
    /// </summary>
    private static void EmitBackward(SourceWriter writer, KernelMode mode, NetworkPlan plan, string signature, string activations, string activationGradients, string gradients)
    {
        string suffix = mode.Suffix;
        using (writer.Block(signature))
        {
            writer.Line("// a: activations, da: their gradients, p: parameters, dp: parameter gradients.");
            writer.Line($"{mode.ReadOnlySpan} a = {activations};");
            writer.Line($"{mode.Span} da = {activationGradients};");
            writer.Line($"{mode.Scalar.ReadOnlySpan} p = _parameters;");
            writer.Line($"{mode.Span} dp = {gradients};");
            bool direct = mode.IsLanes && LargestLinearInput(plan) > 0;
            if (direct)
            {
                writer.Line("// Linear layers add their parameter gradients straight to the scalar ones (see their ∂W kernels).");
                writer.Line($"{mode.Scalar.Span} dg = _gradients;");
            }

            for (int i = plan.Blocks.Count - 1; i >= 0; i--)
            {
                Block block = plan.Blocks[i];
                string method = Names.Method(block.Name);
                writer.Line($"// {block.Name}: {Describe.Module(block)}");
                if (plan.HasActivationBackward(i))
                {
                    writer.Line($"{method}ActivationBackward{suffix}({Slice("a", block.Out)}, {Slice("da", block.Out)});");
                }

                var toInput = new List<string>();
                switch (block)
                {
                    case ConvBlock conv:
                        Buffer read = conv.Padded ?? conv.In;
                        writer.Line($"{method}BackwardParameters{suffix}({Slice("a", read)}, {Slice("da", conv.Out)}, {Slice("dp", conv.Weight)}, {Slice("dp", conv.Bias)});");
                        toInput.Add($"{method}BackwardInput{suffix}({Slice("da", conv.Out)}, {Slice("p", conv.Weight)}, {Slice("da", read)});");
                        if (conv.Padded is not null)
                        {
                            toInput.Add($"{method}Unpad{suffix}({Slice("da", conv.Padded)}, {Slice("da", conv.In)});");
                        }

                        break;
                    case LinearBlock linear:
                        writer.Line(direct
                            ? $"{method}BackwardParameters{suffix}({Slice("a", linear.In)}, {Slice("da", linear.Out)}, {Slice("dg", linear.Weight)}, {Slice("dg", linear.Bias)}, _rows);"
                            : $"{method}BackwardParameters{suffix}({Slice("a", linear.In)}, {Slice("da", linear.Out)}, {Slice("dp", linear.Weight)}, {Slice("dp", linear.Bias)});");
                        toInput.Add($"{method}BackwardInput{suffix}({Slice("da", linear.Out)}, {Slice("p", linear.Weight)}, {Slice("da", linear.In)});");
                        break;
                    case PoolBlock { Weight: { } weight, Bias: { } bias } pool:
                        writer.Line($"{method}BackwardParameters{suffix}({Slice("a", pool.In)}, {Slice("da", pool.Out)}, {Slice("dp", weight)}, {Slice("dp", bias)});");
                        toInput.Add($"{method}BackwardInput{suffix}({Slice("da", pool.Out)}, {Slice("p", weight)}, {Slice("da", pool.In)});");
                        break;
                    case PoolBlock pool when pool.IsMax || pool.AppliesInputActivationGradient:
                        toInput.Add($"{method}Backward{suffix}({Slice("a", pool.In)}, {Slice("da", pool.Out)}, {Slice("da", pool.In)});");
                        break;
                    case PoolBlock pool:
                        toInput.Add($"{method}Backward{suffix}({Slice("da", pool.Out)}, {Slice("da", pool.In)});");
                        break;
                    case ActivationBlock activation:
                        toInput.Add($"{method}Backward{suffix}({Slice("a", activation.Out)}, {Slice("da", activation.Out)}, {Slice("da", activation.In)});");
                        break;
                }

                if (i > 0)
                {
                    toInput.ForEach(writer.Line);
                    continue;
                }

                using (writer.Block("if (withInput)"))
                {
                    toInput.ForEach(writer.Line);
                }
            }
        }
    }

    /// <summary>The largest scratch a per-image convolution kernel takes (<see cref="ImageVectorKernels.ScratchLength"/>), or 0.</summary>
    private static int Scratch(NetworkPlan plan, ScalarNames scalar, TargetFeatures features) =>
        plan.Blocks.OfType<ConvBlock>().Select(c => ImageVectorKernels.ScratchLength(new KernelMode(scalar, IsLanes: false, features), c)).DefaultIfEmpty(0).Max();

    /// <summary>The longest input of a linear layer (the size of the transposed-inputs buffer), or 0 without one.</summary>
    private static int LargestLinearInput(NetworkPlan plan) =>
        plan.Blocks.OfType<LinearBlock>().Select(l => l.Input.Length).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Runs of parameters whose lane kernels accumulate per-lane gradients, to be summed over lanes
    /// once per call: everything but the linear layers, which add to the scalar gradients directly.
    /// </summary>
    private static List<(int Offset, int Length)> LaneGradientRanges(NetworkPlan plan)
    {
        var direct = new HashSet<string>(plan.Blocks.OfType<LinearBlock>().SelectMany(l => new[] { l.Weight.Name, l.Bias.Name }));
        var ranges = new List<(int Offset, int Length)>();
        foreach (TensorPlan tensor in plan.Tensors)
        {
            if (direct.Contains(tensor.Name))
            {
                continue;
            }

            if (ranges.Count > 0 && ranges[ranges.Count - 1] is var last && last.Offset + last.Length == tensor.Offset)
            {
                ranges[ranges.Count - 1] = (last.Offset, last.Length + tensor.Length);
            }
            else
            {
                ranges.Add((tensor.Offset, tensor.Length));
            }
        }

        return ranges;
    }

    private static string Slice(string span, Buffer buffer) => $"{span}.Slice({buffer.Offset}, {buffer.Length})";

    private static string Slice(string span, TensorPlan tensor) => $"{span}.Slice({tensor.Offset}, {tensor.Length})";
}
