using System;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Lane kernels of a fully connected layer at one profile (weight [out, in] row-major as <c>nn.Linear</c>;
/// a C×H×W input is flattened row-major). Each kernel is a register tile: a loaded vector feeds several
/// multiply-adds, and memory is written once per output, never read-modified per multiply-add.
/// <list type="bullet">
/// <item>forward: a tile of output rows; one load of x[i] feeds every row of the tile;</item>
/// <item>∂x: a tile of inputs, gathered over the output rows (no scatter into ∂x);</item>
/// <item>∂W: from the inputs transposed to <c>[image][feature]</c>, so a vector runs along the inputs and
/// each image's term goes straight into the parameter gradient, one image after another (no per-lane copy
/// of the layer's weights, which for LeNet-5's fc1 would be 48,000 vectors per group).</item>
/// </list>
/// </summary>
internal static class LinearEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    public static void Emit(SourceWriter writer, KernelMode mode, LinearBlock linear, LinearSchedule schedule)
    {
        string method = Names.Method(linear.Name);
        string element = mode.Element;
        string weights = mode.Scalar.ReadOnlySpan;
        int inputs = linear.Input.Length;
        int outputs = linear.Output.Length;
        string flatten = linear.Input.IsFlat ? string.Empty : $" (flattened from {linear.Input})";
        string y = linear.Activation == Activation.None ? "b + W·x" : $"{ActivationEmitter.Function(linear.Activation)}(b + W·x)";

        ConvEmitter.Doc(writer, $"{linear.Name}: {Describe.Module(linear)}, {inputs}{flatten} to {outputs}: y = {y}.", mode, schedule.Forward);
        using (writer.Kernel($"internal static void {method}Forward({mode.ReadOnlySpan} x, {weights} weight, {weights} bias, {mode.Span} y)"))
        {
            WeightReference(writer, mode, linear);
            Tiles(writer, "o", outputs, schedule.Forward.Rows, (o, rows) =>
            {
                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"{element} s{r} = {mode.Broadcast($"bias[{o + r}]")};");
                }

                using (writer.For("i", inputs, out Affine i))
                {
                    writer.Line($"{element} xi = x[{i}];");
                    for (int r = 0; r < rows; r++)
                    {
                        writer.Line($"s{r} = {mode.MultiplyAdd(mode.Broadcast(Weight(((o + r) * inputs) + i)), "xi", $"s{r}")};");
                    }
                }

                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"y[{o + r}] = {mode.Apply(linear.Activation, $"s{r}")};");
                }
            });
        }

        writer.Line();
        EmitWeightGradient(writer, mode, linear, schedule.Weights);
        writer.Line();
        ConvEmitter.Doc(writer, $"{linear.Name}: ∂loss/∂x = Wᵀ·dy, inputs at a time summed over the {outputs} rows.", mode, schedule.Input);
        using (writer.Kernel($"internal static void {method}BackwardInput({mode.ReadOnlySpan} dy, {weights} weight, {mode.Span} dx)"))
        {
            WeightReference(writer, mode, linear);
            Tiles(writer, "i", inputs, schedule.Input.Rows, (i, columns) =>
            {
                for (int c = 0; c < columns; c++)
                {
                    writer.Line($"{element} s{c} = {mode.Zero};");
                }

                using (writer.For("o", outputs, out Affine o))
                {
                    writer.Line($"{element} g = dy[{o}];");
                    for (int c = 0; c < columns; c++)
                    {
                        writer.Line($"s{c} = {mode.MultiplyAdd(mode.Broadcast(Weight((o * inputs) + i + c)), "g", $"s{c}")};");
                    }
                }

                for (int c = 0; c < columns; c++)
                {
                    writer.Line($"dx[{i + c}] = s{c};");
                }
            });
        }
    }

    /// <summary>
    /// ∂W[o, i] = fma(dy[o, n], x[n, i], ∂W[o, i]) for each image n of the group in order, and ∂b[o] += dy[o, n]:
    /// straight into the parameter gradients, so every profile adds the same terms in the same order.
    /// </summary>
    private static void EmitWeightGradient(SourceWriter writer, KernelMode mode, LinearBlock linear, LinearTile tile)
    {
        string method = Names.Method(linear.Name);
        string t = mode.Scalar.Keyword;
        string element = mode.Element;
        int inputs = linear.Input.Length;
        int outputs = linear.Output.Length;
        int lanes = mode.Lanes;
        int rowTile = tile.Rows;
        ConvEmitter.Doc(writer, $"{linear.Name}: adds ∂loss/∂W = Σ dy·xᵀ and ∂loss/∂b = Σ dy over the group's images, image by image, to the parameter gradients.", mode, tile);
        writer.Line($"/// <remarks><paramref name=\"rows\"/> receives x transposed to [image][{inputs}], so a vector runs along the inputs.</remarks>");
        using (writer.Kernel($"internal static void {method}BackwardParameters({mode.ReadOnlySpan} x, {mode.ReadOnlySpan} dy, {mode.Scalar.Span} dWeight, {mode.Scalar.Span} dBias, {mode.Scalar.Span} rows)"))
        {
            writer.Line($"global::LeNet.Generated.Guard.Length(dWeight.Length, {Literal.Int((long)inputs * outputs)}, nameof(dWeight));");
            if (mode.IsVector)
            {
                writer.Line($"global::LeNet.Generated.Lanes.Scatter<{t}>(global::System.Runtime.InteropServices.MemoryMarshal.Cast<{element}, {t}>(x), rows, {inputs}, {lanes});");
                writer.Line($"global::System.ReadOnlySpan<{t}> g = global::System.Runtime.InteropServices.MemoryMarshal.Cast<{element}, {t}>(dy);");
                writer.Line($"ref {t} xRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows);");
            }
            else
            {
                // One image: its inputs are the rows already.
                writer.Line($"global::System.ReadOnlySpan<{t}> g = dy;");
                writer.Line($"ref {t} xRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
            }

            writer.Line($"ref {t} dwRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(dWeight);");
            using (writer.For("o", outputs, rowTile, out Affine o))
            {
                for (int r = 0; r < rowTile; r++)
                {
                    // In a register, image by image, then stored once.
                    writer.Line($"{t} b{r} = dBias[{o + r}];");
                    for (int n = 0; n < lanes; n++)
                    {
                        writer.Line($"b{r} += g[{Lane(o + r, lanes, n)}];");
                    }

                    writer.Line($"dBias[{o + r}] = b{r};");
                }

                writer.Line("int i = 0;");
                foreach (int blocks in new[] { tile.Columns, 1 })
                {
                    if (inputs < blocks * lanes)
                    {
                        continue;
                    }

                    // Several vectors of each row of ∂W[o…, i…] at once (independent chains), then one at a time;
                    // every load of the transposed inputs (i + blocks · lanes ≤ inputs) feeds each row.
                    using (writer.Block($"for (; i <= {inputs - (blocks * lanes)}; i += {blocks * lanes})"))
                    {
                        for (int r = 0; r < rowTile; r++)
                        {
                            for (int b = 0; b < blocks; b++)
                            {
                                writer.Line($"{element} s{r}_{b} = {LoadAt(mode, "dwRef", ((o + r) * inputs) + Affine.Of("i") + (b * lanes))};");
                            }
                        }

                        for (int n = 0; n < lanes; n++)
                        {
                            for (int b = 0; b < blocks; b++)
                            {
                                writer.Line($"{element} v{n}_{b} = {LoadAt(mode, "xRef", Affine.Of("i") + ((n * inputs) + (b * lanes)))};");
                            }

                            for (int r = 0; r < rowTile; r++)
                            {
                                writer.Line($"{element} g{n}_{r} = {mode.Broadcast($"g[{Lane(o + r, lanes, n)}]")};");
                                for (int b = 0; b < blocks; b++)
                                {
                                    writer.Line($"s{r}_{b} = {mode.MultiplyAdd($"g{n}_{r}", $"v{n}_{b}", $"s{r}_{b}")};");
                                }
                            }
                        }

                        for (int r = 0; r < rowTile; r++)
                        {
                            for (int b = 0; b < blocks; b++)
                            {
                                writer.Line(StoreAt(mode, $"s{r}_{b}", "dwRef", ((o + r) * inputs) + Affine.Of("i") + (b * lanes)));
                            }
                        }
                    }
                }

                // Inputs past the last whole vector, one at a time (one lane wide, the loop above reached them all).
                if (inputs % lanes != 0)
                {
                    KernelMode scalar = mode with { Profile = Profile.Scalar };
                    using (writer.Block($"for (; i < {inputs}; i++)"))
                    {
                        for (int r = 0; r < rowTile; r++)
                        {
                            // The chain in a register (through memory it would wait for each store), stored once.
                            writer.Line($"ref {t} at{r} = ref {Unsafe}.Add(ref dwRef, {((o + r) * inputs) + Affine.Of("i")});");
                            writer.Line($"{t} d{r} = at{r};");
                            for (int n = 0; n < lanes; n++)
                            {
                                writer.Line($"d{r} = {scalar.MultiplyAdd($"g[{Lane(o + r, lanes, n)}]", $"{Unsafe}.Add(ref xRef, {Affine.Of("i") + (n * inputs)})", $"d{r}")};");
                            }

                            writer.Line($"at{r} = d{r};");
                        }
                    }
                }
            }
        }
    }

    private static string LoadAt(KernelMode mode, string reference, Affine offset) =>
        mode.IsVector ? $"{mode.VectorClass}.LoadUnsafe(ref {reference}, (nuint)({offset}))" : $"{Unsafe}.Add(ref {reference}, {offset})";

    private static string StoreAt(KernelMode mode, string value, string reference, Affine offset) =>
        mode.IsVector ? $"{mode.VectorClass}.StoreUnsafe({value}, ref {reference}, (nuint)({offset}));" : $"{Unsafe}.Add(ref {reference}, {offset}) = {value};";

    /// <summary>
    /// The weights are read unchecked, one broadcast per multiply-add: a bounds check on each would cost as
    /// much as the load. Every index is below outputs × inputs, which the guard makes the span's length.
    /// </summary>
    private static void WeightReference(SourceWriter writer, KernelMode mode, LinearBlock linear)
    {
        writer.Line($"global::LeNet.Generated.Guard.Length(weight.Length, {Literal.Int((long)linear.Input.Length * linear.Output.Length)}, nameof(weight));");
        writer.Line($"ref {mode.Scalar.Keyword} weightRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(weight);");
    }

    private static string Weight(Affine index) => $"{Unsafe}.Add(ref weightRef, {index})";

    /// <summary>Image n's element of the gradient dy[o] in dy viewed as scalars: o · lanes + n.</summary>
    private static Affine Lane(Affine o, int lanes, int n) => (o * lanes) + n;

    /// <summary>
    /// Whole tiles of <paramref name="tile"/> in a loop over <paramref name="variable"/>, then the remainder
    /// as one smaller tile at a literal start. The body gets the tile's first index and its size.
    /// </summary>
    private static void Tiles(SourceWriter writer, string variable, int count, int tile, Action<Affine, int> body)
    {
        int whole = count / tile * tile;
        if (whole == tile)
        {
            using (writer.Braces())
            {
                body(Affine.Zero, tile);
            }
        }
        else if (whole > 0)
        {
            using (writer.Block($"for (int {variable} = 0; {variable} < {Literal.Int(whole)}; {variable} += {tile})"))
            {
                body(Affine.Of(variable), tile);
            }
        }

        if (count > whole)
        {
            using (writer.Braces())
            {
                body(whole, count - whole);
            }
        }
    }
}
