using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>Kernels of a fully connected layer over the flattened input, weight [out, in] row-major as <c>nn.Linear</c>.</summary>
internal static class LinearEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, LinearBlock linear)
    {
        string method = Names.Method(linear.Name);
        string suffix = mode.Suffix;
        string read = mode.ReadOnlySpan;
        string write = mode.Span;
        string weights = mode.Scalar.ReadOnlySpan;
        int inputs = linear.Input.Length;
        string flatten = linear.Input.IsFlat ? string.Empty : $" (flattened from {linear.Input})";
        string y = linear.Activation == Activation.None ? "b + W·x" : $"{ActivationEmitter.Name(linear.Activation).ToLowerInvariant()}(b + W·x)";
        string summary = $"/// <summary>{linear.Name}: {Describe.Module(linear)}, {inputs}{flatten} to {linear.Output.Length}: y = {y}.</summary>";
        if (mode.IsLanes)
        {
            LinearLanesEmitter.Emit(writer, mode, linear, summary);
            return;
        }

        writer.Line(summary);
        using (writer.Block($"private static void {method}Forward{suffix}({read} x, {weights} weight, {weights} bias, {write} y)"))
        {
            void ScalarLoops() => Rows(writer, linear, (o, w0) =>
            {
                // Four taps per iteration into four sums; the inputs left over after the last
                // whole group of four are written out.
                int unrolled = inputs < 8 ? 0 : inputs - (inputs % 4);
                var sums = new Accumulators(writer, mode, unrolled == 0 ? inputs : 4);
                sums.Declare(mode.Broadcast($"bias[{o}]"));
                if (unrolled > 0)
                {
                    using (writer.Block($"for (int i = 0; i < {unrolled}; i += 4)"))
                    {
                        for (int k = 0; k < 4; k++)
                        {
                            Affine i = Affine.Of("i") + k;
                            writer.Line($"{sums.Next()} += weight[{w0 + i}] * x[{i}];");
                        }
                    }
                }

                for (int k = unrolled; k < inputs; k++)
                {
                    writer.Line($"{sums.Next()} += weight[{w0 + k}] * x[{k}];");
                }

                sums.Combine();
                writer.Line($"y[{o}] = {mode.Store(linear.Activation, "s")};");
            });

            if (!ImageVectorKernels.TryEmitLinearForward(writer, mode, linear))
            {
                ScalarLoops();
            }

            ActivationEmitter.EmitDeferredPass(writer, mode, linear.Activation);
        }

        writer.Line();
        writer.Line($"/// <summary>{linear.Name}: adds ∂loss/∂W = dy·xᵀ and ∂loss/∂b = dy.</summary>");
        using (writer.Block($"private static void {method}BackwardParameters{suffix}({read} x, {read} dy, {write} dWeight, {write} dBias)"))
        {
            Rows(writer, linear, (o, w0) =>
            {
                writer.Line($"{mode.Element} g = dy[{o}];");
                writer.Line($"dBias[{o}] += g;");
                using (writer.For("i", inputs, out Affine i))
                {
                    writer.Line($"dWeight[{w0 + i}] += g * x[{i}];");
                }
            });
        }

        writer.Line();
        writer.Line($"/// <summary>{linear.Name}: ∂loss/∂x = Wᵀ·dy.</summary>");
        using (writer.Block($"private static void {method}BackwardInput{suffix}({read} dy, {weights} weight, {write} dx)"))
        {
            writer.Line("dx.Clear();");
            Rows(writer, linear, (o, w0) =>
            {
                writer.Line($"{mode.Element} g = dy[{o}];");
                using (writer.For("i", inputs, out Affine i))
                {
                    writer.Line($"dx[{i}] += weight[{w0 + i}] * g;");
                }
            });
        }
    }

    /// <summary>Loops over output rows; the body gets the row index and the index of its first weight.</summary>
    private static void Rows(SourceWriter writer, LinearBlock linear, System.Action<Affine, Affine> body)
    {
        using (writer.For("o", linear.Output.Length, out Affine o))
        {
            Affine w0 = o * linear.Input.Length;
            w0 = writer.Local("w0", w0);

            body(o, w0);
        }
    }
}
