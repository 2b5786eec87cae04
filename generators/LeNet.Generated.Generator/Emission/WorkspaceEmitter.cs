using System.Collections.Generic;
using LeNet.Generated.Generator.Model;

namespace LeNet.Generated.Generator.Emission;

/// <summary>
/// The nested <c>Workspace</c>: one thread's activation buffers, their gradients and a parameter
/// gradient accumulator over shared parameters, with the per-image forward and backward passes
/// that call the layer kernels on literal slices of those buffers.
/// </summary>
internal static class WorkspaceEmitter
{
    public static void Emit(SourceWriter writer, ScalarNames scalar, NetworkPlan plan)
    {
        string t = scalar.Keyword;
        string read = scalar.ReadOnlySpan;
        string guard = "global::LeNet.Generated.Guard";
        int input = plan.Input.Length;
        int output = plan.OutputLength;

        writer.Line("/// <summary>");
        writer.Line("/// One thread's buffers over the network's parameters: activations, their gradients and a parameter");
        writer.Line("/// gradient accumulator, all allocated at construction. Not thread-safe; give each thread its own.");
        writer.Line("/// </summary>");
        using (writer.Block($"public sealed class Workspace : global::LeNet.Generated.INetworkWorkspace<{t}>"))
        {
            writer.Line($"private readonly {t}[] _parameters;");
            writer.Line($"private readonly {t}[] _gradients = new {t}[ParameterCount];");
            writer.Line($"private readonly {t}[] _activations = new {t}[ActivationLength];");
            writer.Line($"private readonly {t}[] _activationGradients = new {t}[ActivationLength];");
            writer.Line("private bool _hasSingleForward;");
            writer.Line();
            writer.Line($"internal Workspace({t}[] parameters) => _parameters = parameters;");
            writer.Line();
            writer.Line("/// <summary>The logits of the last image run forward.</summary>");
            writer.Line($"private global::System.Span<{t}> Output => new(_activations, {plan.Last.Out.Offset}, {output});");
            writer.Line();
            writer.Line("/// <summary>∂loss/∂logits, where the backward pass starts.</summary>");
            writer.Line($"private global::System.Span<{t}> OutputGradient => new(_activationGradients, {plan.Last.Out.Offset}, {output});");
            writer.Line();
            writer.Line("/// <summary>∂loss/∂input, where the backward pass ends when the input gradient is asked for.</summary>");
            writer.Line($"private global::System.Span<{t}> InputGradient => new(_activationGradients, {plan.InputBuffer.Offset}, {input});");
            writer.Line();
            writer.Line("/// <summary>Accumulated parameter gradients, in the same layout as the parameters.</summary>");
            writer.Line($"public global::System.Span<{t}> Gradients => _gradients;");
            writer.Line();
            writer.Line("/// <summary>Sets <see cref=\"Gradients\"/> to zero.</summary>");
            writer.Line("public void ZeroGradients() => global::System.Array.Clear(_gradients);");
            writer.Line();

            writer.Line($"/// <summary>Runs N images of {plan.Input} (one after another, row-major) and writes N rows of {output} logits.</summary>");
            using (writer.Block($"public void Forward({read} inputs, global::System.Span<{t}> outputs)"))
            {
                writer.Line($"int count = {guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{guard}.Length(outputs.Length, count * {output}, nameof(outputs));");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    writer.Line($"ForwardImage(inputs.Slice(n * {input}, {input}));");
                    writer.Line($"Output.CopyTo(outputs.Slice(n * {output}, {output}));");
                }

                writer.Line();
                writer.Line("_hasSingleForward = count == 1;");
            }

            writer.Line();
            writer.Line("/// <summary>Returns the index of the largest logit of one image (the first, on ties).</summary>");
            using (writer.Block($"public int Predict({read} input)"))
            {
                writer.Line($"{guard}.Length(input.Length, {input}, nameof(input));");
                writer.Line("ForwardImage(input);");
                writer.Line("_hasSingleForward = true;");
                writer.Line($"return global::LeNet.Generated.Logits.ArgMax<{t}>(Output);");
            }

            writer.Line();
            writer.Line("/// <summary>Writes the predicted class of each of N images to <paramref name=\"predictions\"/>.</summary>");
            using (writer.Block($"public void Predict({read} inputs, global::System.Span<int> predictions)"))
            {
                writer.Line($"int count = {guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{guard}.Length(predictions.Length, count, nameof(predictions));");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    writer.Line($"ForwardImage(inputs.Slice(n * {input}, {input}));");
                    writer.Line($"predictions[n] = global::LeNet.Generated.Logits.ArgMax<{t}>(Output);");
                }

                writer.Line();
                writer.Line("_hasSingleForward = count == 1;");
            }

            writer.Line();
            writer.Line("/// <summary>Mean softmax cross-entropy of N images against their labels, as <c>nn.CrossEntropyLoss</c>; no gradients.</summary>");
            using (writer.Block($"public {t} Loss({read} inputs, global::System.ReadOnlySpan<int> labels)"))
            {
                writer.Line($"int count = {guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{guard}.Labels(labels, count, {output}, nameof(labels));");
                writer.Line($"{t} loss = {scalar.Literal(0)};");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    writer.Line($"ForwardImage(inputs.Slice(n * {input}, {input}));");
                    writer.Line($"loss += global::LeNet.Generated.Losses.SoftmaxCrossEntropy.Loss<{t}>(Output, labels[n]);");
                }

                writer.Line();
                writer.Line("_hasSingleForward = count == 1;");
                writer.Line("return loss / count;");
            }

            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// Back-propagates <paramref name=\"outputGradient\"/> (∂loss/∂logits) through the preceding single-image");
            writer.Line("/// <see cref=\"Forward\"/>, adds the parameter gradients to <see cref=\"Gradients\"/> and, if");
            writer.Line("/// <paramref name=\"inputGradient\"/> is not empty, writes ∂loss/∂input to it.");
            writer.Line("/// </summary>");
            using (writer.Block($"public void Backward({read} outputGradient, global::System.Span<{t}> inputGradient)"))
            {
                using (writer.Block("if (!_hasSingleForward)"))
                {
                    writer.Line($"{guard}.ThrowNoForward();");
                }

                writer.Line();
                writer.Line($"{guard}.Length(outputGradient.Length, {output}, nameof(outputGradient));");
                writer.Line("bool withInput = !inputGradient.IsEmpty;");
                using (writer.Block("if (withInput)"))
                {
                    writer.Line($"{guard}.Length(inputGradient.Length, {input}, nameof(inputGradient));");
                }

                writer.Line();
                writer.Line($"outputGradient.CopyTo(OutputGradient);");
                writer.Line("BackwardImage(withInput);");
                writer.Line();
                using (writer.Block("if (withInput)"))
                {
                    writer.Line($"InputGradient.CopyTo(inputGradient);");
                }
            }

            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// For N images: forward, softmax cross-entropy and backward. Adds the gradient of scale · Σ loss to");
            writer.Line("/// <see cref=\"Gradients\"/>, writes its gradient with respect to each input to <paramref name=\"inputGradients\"/>");
            writer.Line("/// unless that is empty, and returns Σ loss. Labels are checked before anything changes.");
            writer.Line("/// </summary>");
            using (writer.Block($"public {t} AccumulateGradients({read} inputs, global::System.ReadOnlySpan<int> labels, {t} scale, global::System.Span<{t}> inputGradients)"))
            {
                writer.Line($"int count = {guard}.Count(inputs.Length, {input}, nameof(inputs));");
                writer.Line($"{guard}.Labels(labels, count, {output}, nameof(labels));");
                writer.Line("bool withInput = !inputGradients.IsEmpty;");
                using (writer.Block("if (withInput)"))
                {
                    writer.Line($"{guard}.Length(inputGradients.Length, inputs.Length, nameof(inputGradients));");
                }

                writer.Line();
                writer.Line($"{t} loss = {scalar.Literal(0)};");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    writer.Line($"ForwardImage(inputs.Slice(n * {input}, {input}));");
                    writer.Line($"loss += global::LeNet.Generated.Losses.SoftmaxCrossEntropy.LossAndGradient<{t}>(Output, labels[n], scale, OutputGradient);");
                    writer.Line("BackwardImage(withInput);");
                    using (writer.Block("if (withInput)"))
                    {
                        writer.Line($"InputGradient.CopyTo(inputGradients.Slice(n * {input}, {input}));");
                    }
                }

                writer.Line();
                writer.Line("_hasSingleForward = false;");
                writer.Line("return loss;");
            }

            writer.Line();
            EmitForwardImage(writer, scalar, plan);
            writer.Line();
            EmitBackwardImage(writer, scalar, plan);
        }
    }

    /// <summary>The forward pass of one image: layer by layer over literal slices of the activation buffer.</summary>
    private static void EmitForwardImage(SourceWriter writer, ScalarNames scalar, NetworkPlan plan)
    {
        using (writer.Block($"private void ForwardImage({scalar.ReadOnlySpan} image)"))
        {
            writer.Line($"{scalar.Span} a = _activations;");
            writer.Line($"{scalar.ReadOnlySpan} p = _parameters;");
            writer.Line($"image.CopyTo({Slice("a", plan.InputBuffer)});");
            foreach (Block block in plan.Blocks)
            {
                writer.Line($"// {block.Name}: {Describe.Module(block)}, {block.Input} to {block.Output}");
                string method = Names.Method(block.Name);
                switch (block)
                {
                    case ConvBlock conv:
                        if (conv.Padded is not null)
                        {
                            writer.Line($"{method}Pad({Slice("a", conv.In)}, {Slice("a", conv.Padded)});");
                        }

                        writer.Line($"{method}Forward({Slice("a", conv.Padded ?? conv.In)}, {Slice("p", conv.Weight)}, {Slice("p", conv.Bias)}, {Slice("a", conv.Out)});");
                        break;
                    case LinearBlock linear:
                        writer.Line($"{method}Forward({Slice("a", linear.In)}, {Slice("p", linear.Weight)}, {Slice("p", linear.Bias)}, {Slice("a", linear.Out)});");
                        break;
                    default:
                        writer.Line($"{method}Forward({Slice("a", block.In)}, {Slice("a", block.Out)});");
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The backward pass of one image, from ∂loss/∂logits already in the gradient buffer, layers in
    /// reverse. The first layer's input gradient is computed only when asked for.
    /// </summary>
    private static void EmitBackwardImage(SourceWriter writer, ScalarNames scalar, NetworkPlan plan)
    {
        using (writer.Block("private void BackwardImage(bool withInput)"))
        {
            writer.Line("// a: activations, da: their gradients, p: parameters, dp: parameter gradients.");
            writer.Line($"{scalar.ReadOnlySpan} a = _activations;");
            writer.Line($"{scalar.Span} da = _activationGradients;");
            writer.Line($"{scalar.ReadOnlySpan} p = _parameters;");
            writer.Line($"{scalar.Span} dp = _gradients;");
            for (int i = plan.Blocks.Count - 1; i >= 0; i--)
            {
                Block block = plan.Blocks[i];
                string method = Names.Method(block.Name);
                writer.Line($"// {block.Name}: {Describe.Module(block)}");
                if (block is not ActivationBlock && block.Activation != Activation.None)
                {
                    writer.Line($"{method}ActivationBackward({Slice("a", block.Out)}, {Slice("da", block.Out)});");
                }

                var toInput = new List<string>();
                switch (block)
                {
                    case ConvBlock conv:
                        Buffer read = conv.Padded ?? conv.In;
                        writer.Line($"{method}BackwardParameters({Slice("a", read)}, {Slice("da", conv.Out)}, {Slice("dp", conv.Weight)}, {Slice("dp", conv.Bias)});");
                        toInput.Add($"{method}BackwardInput({Slice("da", conv.Out)}, {Slice("p", conv.Weight)}, {Slice("da", read)});");
                        if (conv.Padded is not null)
                        {
                            toInput.Add($"{method}Unpad({Slice("da", conv.Padded)}, {Slice("da", conv.In)});");
                        }

                        break;
                    case LinearBlock linear:
                        writer.Line($"{method}BackwardParameters({Slice("a", linear.In)}, {Slice("da", linear.Out)}, {Slice("dp", linear.Weight)}, {Slice("dp", linear.Bias)});");
                        toInput.Add($"{method}BackwardInput({Slice("da", linear.Out)}, {Slice("p", linear.Weight)}, {Slice("da", linear.In)});");
                        break;
                    case PoolBlock { IsMax: true } pool:
                        toInput.Add($"{method}Backward({Slice("a", pool.In)}, {Slice("da", pool.Out)}, {Slice("da", pool.In)});");
                        break;
                    case PoolBlock pool:
                        toInput.Add($"{method}Backward({Slice("da", pool.Out)}, {Slice("da", pool.In)});");
                        break;
                    case ActivationBlock activation:
                        toInput.Add($"{method}Backward({Slice("a", activation.Out)}, {Slice("da", activation.Out)}, {Slice("da", activation.In)});");
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

    private static string Slice(string span, Buffer buffer) => $"{span}.Slice({buffer.Offset}, {buffer.Length})";


    private static string Slice(string span, TensorPlan tensor) => $"{span}.Slice({tensor.Offset}, {tensor.Length})";
}
