using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The network class itself: constants, parameter views, and public members that forward to the runtime
/// library's <c>NetworkState</c>, which does the batching, guards and workspaces for every network. What
/// is specific to this network (its shapes and kernels) is the nested <c>Kernels</c> struct.
/// </summary>
internal static class NetworkEmitter
{
    private const string Runtime = "global::LeNet.Generated";

    public static void EmitMembers(SourceWriter writer, ScalarNames scalar, NetworkPlan plan, string contract)
    {
        string t = scalar.Keyword;
        string name = plan.Type.Name;
        string read = scalar.ReadOnlySpan;
        string span = scalar.Span;
        string width = $"{Runtime}.VectorWidth";
        int imageBuffer = plan.AlternatingLength + plan.ImageScratchLength;
        long instanceBytes = ((long)plan.ParameterCount + plan.BufferCount + imageBuffer + plan.OutputLength) * (scalar.Type == Parse.ScalarType.Float ? 4 : 8);

        Constant(writer, "Input channels (C of C×H×W).", "int", "InputChannels", Literal.Int(plan.Input.Channels));
        Constant(writer, "Input height (H of C×H×W).", "int", "InputHeight", Literal.Int(plan.Input.Height));
        Constant(writer, "Input width (W of C×H×W).", "int", "InputWidth", Literal.Int(plan.Input.Width));
        Constant(writer, $"Elements in one input image, {plan.Input}.", "int", "InputLength", Literal.Int(plan.Input.Length));
        Constant(writer, "Logits per image: the number of classes.", "int", "OutputLength", Literal.Int(plan.OutputLength));
        Constant(writer, "Trainable parameters.", "int", "ParameterCount", Literal.Int(plan.ParameterCount));
        Constant(writer, "Multiply-adds of one forward pass for one image.", "long", "MultiplyAddsPerImage", Literal.Int(plan.MultiplyAdds) + "L");
        Constant(writer, "Bytes a new network allocates: its parameters and one image's buffers (object headers aside). Batches and training add their workspaces on first use.", "long", "InstanceBytes", Literal.Int(instanceBytes) + "L");
        Constant(writer, "The model summary: output shape, parameters and PyTorch module of every layer.", "string", "Summary", Literal.String(Describe.Summary(plan)));

        writer.Line("/// <summary>The parameter tensors in PyTorch <c>state_dict</c> order, with their offsets in <see cref=\"Parameters\"/>.</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Runtime}.ParameterTensor> ParameterTensors {{ get; }} = new {Runtime}.ParameterTensor[]");
        writer.Line("{");
        foreach (TensorPlan tensor in plan.Tensors)
        {
            writer.Line($"    new(\"{tensor.Name}\", {tensor.Offset}, new[] {{ {string.Join(", ", tensor.Shape)} }}),");
        }

        writer.Line("};");
        writer.Line();
        if (plan.BatchNorms.Count > 0)
        {
            BatchNormEmitter.EmitBufferTensors(writer, plan);
        }

        foreach (string constant in new[] { "InputChannels", "InputHeight", "InputWidth", "InputLength", "OutputLength", "ParameterCount" })
        {
            writer.Line($"static int {contract}.{constant} => {constant};");
        }

        if (plan.BatchNorms.Count > 0)
        {
            writer.Line($"static global::System.Collections.Generic.IReadOnlyList<{Runtime}.ParameterTensor> {contract}.BufferTensors => BufferTensors;");
        }

        writer.Line($"static long {contract}.MultiplyAddsPerImage => MultiplyAddsPerImage;");
        writer.Line($"static string {contract}.Summary => Summary;");
        if (plan.Loss != Parse.LossKind.CrossEntropy)
        {
            writer.Line($"static {Runtime}.LossFunction {contract}.LossFunction => Kernels.Loss;");
        }
        writer.Line();

        writer.Line($"private readonly {Runtime}.NetworkState<Kernels, {t}> _state;");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Creates the network with PyTorch's default initialisation drawn from <paramref name=\"seed\"/>, its kernels at");
        writer.Line("/// <paramref name=\"width\"/> (by default the widest this processor accelerates). Allocates <see cref=\"InstanceBytes\"/>.");
        writer.Line("/// </summary>");
        writer.Line($"public {name}(int seed = 0, {width}? width = null) => _state = new(seed, width);");
        writer.Line();
        writer.Line("/// <inheritdoc cref=\"" + name + "(int, " + width + "?)\"/>");
        writer.Line($"public static {name} Create(int seed, {width}? width = null) => new(seed, width);");
        writer.Line();
        writer.Line("/// <summary>Bytes an inference workspace at <paramref name=\"width\"/> allocates: one lane group's activations in two alternating regions.</summary>");
        writer.Line($"public static long InferenceWorkspaceBytes({width} width) => {Runtime}.InferenceWorkspace<Kernels, {t}>.BufferBytes(width);");
        writer.Line();
        writer.Line("/// <summary>Bytes a training workspace at <paramref name=\"width\"/> allocates: one lane group's activations, their gradients, scratch and the parameter gradients.</summary>");
        writer.Line($"public static long TrainingWorkspaceBytes({width} width) => {Runtime}.TrainingWorkspace<Kernels, {t}>.BufferBytes(width);");
        writer.Line();
        Forward(writer, $"public {width} Width => _state.Width;");
        Forward(writer, $"public {span} Parameters => _state.Parameters;");
        foreach (TensorPlan tensor in plan.Tensors)
        {
            writer.Line($"/// <summary><c>{tensor.Name}</c>, shape [{string.Join(", ", tensor.Shape)}], a view into <see cref=\"Parameters\"/>.</summary>");
            writer.Line($"public {span} {Names.Property(tensor.Name)} => _state.Parameters.Slice({tensor.Offset}, {tensor.Length});");
            writer.Line();
        }

        if (plan.BatchNorms.Count > 0)
        {
            writer.Line("/// <summary>The running statistics of the batch norms, outside <see cref=\"Parameters\"/>, in <c>state_dict</c> order (<see cref=\"BufferTensors\"/>).</summary>");
            writer.Line($"public {span} Buffers => _state.Buffers;");
            writer.Line();
        }

        Forward(writer, "public void ResetParameters(int seed) => _state.ResetParameters(seed);");
        Forward(writer, $"public int Predict({read} input) => _state.Predict(input);");
        Forward(writer, $"public void Predict({read} inputs, global::System.Span<int> predictions) => _state.Predict(inputs, predictions);");
        Forward(writer, $"public void Forward({read} inputs, {span} outputs) => _state.Forward(inputs, outputs);");
        Forward(writer, $"public {t} Loss({read} inputs, global::System.ReadOnlySpan<int> labels) => _state.Loss(inputs, labels);");
        Forward(writer, $"public {span} Gradients => _state.Gradients;");
        Forward(writer, "public void ZeroGradients() => _state.ZeroGradients();");
        Forward(writer, $"public {t} AccumulateGradients({read} inputs, global::System.ReadOnlySpan<int> labels, {t} scale, {span} inputGradients = default, global::System.Span<int> predictions = default) =>");
        writer.Line("    _state.AccumulateGradients(inputs, labels, scale, inputGradients, predictions);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public {t} AccumulateGradients({read} inputs, global::System.ReadOnlySpan<int> labels, {t} scale, {Runtime}.NetworkMode mode, {Runtime}.DropoutKey dropout, {span} inputGradients = default, global::System.Span<int> predictions = default, {span} outputs = default) =>");
        writer.Line("    _state.AccumulateGradients(inputs, labels, scale, mode, dropout, inputGradients, predictions, outputs);");
        writer.Line();
        Forward(writer, $"public {t} TrainStep({read} inputs, global::System.ReadOnlySpan<int> labels, {Runtime}.Optimizers.IOptimizer<{t}> optimizer) => _state.TrainStep(inputs, labels, optimizer);");
        if (plan.Loss != Parse.LossKind.CrossEntropy)
        {
            EmitTargets(writer, plan, t, read, span);
        }

        writer.Line("/// <summary>Creates buffers for batched evaluation over this network's parameters, for another thread.</summary>");
        writer.Line($"public {Runtime}.InferenceWorkspace<Kernels, {t}> CreateInferenceWorkspace({width}? width = null) => _state.CreateInferenceWorkspace(width);");
        writer.Line();
        writer.Line("/// <summary>Creates buffers for training over this network's parameters, for another thread.</summary>");
        writer.Line($"public {Runtime}.TrainingWorkspace<Kernels, {t}> CreateTrainingWorkspace({width}? width = null) => _state.CreateTrainingWorkspace(width);");
        writer.Line();
        writer.Line($"{Runtime}.IInferenceWorkspace<{t}> {contract}.CreateInferenceWorkspace({width}? width) => CreateInferenceWorkspace(width);");
        writer.Line();
        writer.Line($"{Runtime}.ITrainingWorkspace<{t}> {contract}.CreateTrainingWorkspace({width}? width) => CreateTrainingWorkspace(width);");
    }

    /// <summary>The members of a network whose loss reads a target per output instead of a class label per image.</summary>
    private static void EmitTargets(SourceWriter writer, NetworkPlan plan, string t, string read, string span)
    {
        string loss = plan.Loss == Parse.LossKind.MeanSquaredError ? "mean squared error" : "mean binary cross-entropy with logits";
        string targets = $"<paramref name=\"targets\"/>, {plan.OutputLength} per image ({plan.OutputLength} × N in all), one image after another";
        writer.Line($"/// <summary>The {loss} of the images of <paramref name=\"inputs\"/> against {targets}.</summary>");
        writer.Line($"public {t} Loss({read} inputs, {read} targets) => _state.Loss(inputs, targets);");
        writer.Line();
        writer.Line($"/// <summary>Forward, the {loss} against {targets}, and backward: adds the gradient of scale · Σ image loss (each the mean over its outputs) to <see cref=\"Gradients\"/>; returns Σ image loss.</summary>");
        writer.Line($"public {t} AccumulateGradients({read} inputs, {read} targets, {t} scale, {span} inputGradients = default, global::System.Span<int> predictions = default) =>");
        writer.Line("    _state.AccumulateGradients(inputs, targets, scale, inputGradients, predictions);");
        writer.Line();
        writer.Line($"/// <summary>One training step: zero, forward, the {loss} over all N × {plan.OutputLength} <paramref name=\"targets\"/> (PyTorch's 'mean'), backward and the optimizer's update; returns the mean loss.</summary>");
        writer.Line($"public {t} TrainStep({read} inputs, {read} targets, {Runtime}.Optimizers.IOptimizer<{t}> optimizer) => _state.TrainStep(inputs, targets, optimizer);");
        writer.Line();
    }

    private static void Constant(SourceWriter writer, string doc, string type, string name, string value)
    {
        writer.Line($"/// <summary>{doc}</summary>");
        writer.Line($"public const {type} {name} = {value};");
        writer.Line();
    }

    /// <summary>A member that forwards to the state, documented by the interface member it implements.</summary>
    private static void Forward(SourceWriter writer, string member)
    {
        writer.Line("/// <inheritdoc/>");
        writer.Line(member);
        writer.Line();
    }
}
