using System;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Lane kernels of a fully connected layer (a group of images per vector, batch-innermost). Each
/// kernel is a register tile: a loaded vector feeds several multiply-adds, and memory is written
/// once per output, never read-modified per multiply-add.
/// <list type="bullet">
/// <item>forward: <see cref="Tile"/> output rows at a time; one load of x[i] feeds every row of the tile;</item>
/// <item>∂x: <see cref="Tile"/> inputs at a time, gathered over the output rows (no scatter into ∂x);</item>
/// <item>∂W: from the inputs transposed to <c>[image][feature]</c>, so one vector of ∂W[o, i…] sums
/// every image of the group and goes straight into the scalar gradients (no per-lane gradient copy of
/// the layer's weights, which for fc1 would be 48,000 vectors read and written per group).</item>
/// </list>
/// </summary>
internal static class LinearLanesEmitter
{
    /// <summary>Rows (forward) or inputs (∂x) per register tile: independent FMA chains to hide the FMA latency.</summary>
    public const int Tile = 8;

    public static void Emit(SourceWriter writer, KernelMode mode, LinearBlock linear, string summary)
    {
        string method = Names.Method(linear.Name);
        string vector = mode.Element;
        string weights = mode.Scalar.ReadOnlySpan;
        int inputs = linear.Input.Length;
        int outputs = linear.Output.Length;

        writer.Line(summary);
        using (writer.Block($"private static void {method}ForwardLanes({mode.ReadOnlySpan} x, {weights} weight, {weights} bias, {mode.Span} y)"))
        {
            WeightReference(writer, mode, linear);
            Tiles(writer, "o", outputs, (o, rows) =>
            {
                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"{vector} s{r} = new {vector}(bias[{o + r}]);");
                }

                using (writer.For("i", inputs, out Affine i))
                {
                    writer.Line($"{vector} xi = x[{i}];");
                    for (int r = 0; r < rows; r++)
                    {
                        writer.Line($"s{r} = {mode.MultiplyAdd($"new {vector}({Weight(((o + r) * inputs) + i)})", "xi", $"s{r}")};");
                    }
                }

                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"y[{o + r}] = {mode.Apply(linear.Activation, $"s{r}")};");
                }
            });
        }

        writer.Line();
        writer.Line($"/// <summary>{linear.Name}: adds ∂loss/∂W = Σ over the group's images of dy·xᵀ, and ∂loss/∂b = Σ dy, to the scalar gradients.</summary>");
        writer.Line($"/// <remarks><paramref name=\"rows\"/> receives x transposed to [image][{inputs}], so a vector runs along the inputs.</remarks>");
        using (writer.Block($"private static void {method}BackwardParametersLanes({mode.ReadOnlySpan} x, {mode.ReadOnlySpan} dy, {mode.Scalar.Span} dWeight, {mode.Scalar.Span} dBias, {mode.Scalar.Span} rows)"))
        {
            string t = mode.Scalar.Keyword;
            int rowTile = outputs % 2 == 0 ? 2 : 1;
            writer.Line($"int group = {vector}.Count;");
            writer.Line($"global::LeNet.Generated.Lanes.Scatter<{t}>(x, rows.Slice(0, group * {inputs}), {inputs});");
            writer.Line($"global::System.ReadOnlySpan<{t}> g = global::System.Runtime.InteropServices.MemoryMarshal.Cast<{vector}, {t}>(dy);");
            writer.Line($"ref {t} xRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows);");
            using (writer.For("o", outputs, rowTile, out Affine o))
            {
                for (int r = 0; r < rowTile; r++)
                {
                    writer.Line($"dBias[{o + r}] += global::System.Numerics.Vector.Sum(dy[{o + r}]);");
                }

                writer.Line("int i = 0;");
                foreach (int blocks in new[] { Tile / 2, 1 })
                {
                    // Tile/2 vectors of each row of ∂W[o…, i…] at once (independent sums), then one at a time;
                    // every load of the transposed inputs (in bounds: i + blocks · group ≤ inputs, n < group) feeds each row.
                    string step = blocks == 1 ? "group" : $"{blocks} * group";
                    using (writer.Block($"for (; i <= {inputs} - {step}; i += {step})"))
                    {
                        for (int r = 0; r < rowTile; r++)
                        {
                            for (int b = 0; b < blocks; b++)
                            {
                                writer.Line($"{vector} s{r}_{b} = {vector}.Zero;");
                            }
                        }

                        using (writer.Block("for (int n = 0; n < group; n++)"))
                        {
                            writer.Line($"nuint at = (nuint)(n * {inputs} + i);");
                            for (int b = 0; b < blocks; b++)
                            {
                                writer.Line($"{vector} v{b} = global::System.Numerics.Vector.LoadUnsafe(ref xRef, {(b == 0 ? "at" : $"at + (nuint)({(b == 1 ? "group" : $"{b} * group")})")});");
                            }

                            for (int r = 0; r < rowTile; r++)
                            {
                                writer.Line($"{vector} g{r} = new {vector}(g[{Lane(o + r)}]);");
                                for (int b = 0; b < blocks; b++)
                                {
                                    writer.Line($"s{r}_{b} = {mode.MultiplyAdd($"g{r}", $"v{b}", $"s{r}_{b}")};");
                                }
                            }
                        }

                        for (int r = 0; r < rowTile; r++)
                        {
                            for (int b = 0; b < blocks; b++)
                            {
                                string at = b == 0 ? "i" : b == 1 ? "i + group" : $"i + {b} * group";
                                writer.Line($"global::System.Span<{t}> dw{r}_{b} = dWeight.Slice({((o + r) * inputs) + Affine.Of(at)});");
                                writer.Line($"(new {vector}(dw{r}_{b}) + s{r}_{b}).CopyTo(dw{r}_{b});");
                            }
                        }
                    }
                }

                using (writer.Block($"for (; i < {inputs}; i++)"))
                {
                    for (int r = 0; r < rowTile; r++)
                    {
                        writer.Line($"{t} s{r} = {mode.Scalar.Literal(0)};");
                    }

                    using (writer.Block("for (int n = 0; n < group; n++)"))
                    {
                        writer.Line($"{t} xn = rows[n * {inputs} + i];");
                        for (int r = 0; r < rowTile; r++)
                        {
                            writer.Line($"s{r} += g[{Lane(o + r)}] * xn;");
                        }
                    }

                    for (int r = 0; r < rowTile; r++)
                    {
                        writer.Line($"dWeight[{((o + r) * inputs) + Affine.Of("i")}] += s{r};");
                    }
                }
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{linear.Name}: ∂loss/∂x = Wᵀ·dy, {Tile} inputs at a time summed over the {outputs} rows.</summary>");
        using (writer.Block($"private static void {method}BackwardInputLanes({mode.ReadOnlySpan} dy, {weights} weight, {mode.Span} dx)"))
        {
            WeightReference(writer, mode, linear);
            Tiles(writer, "i", inputs, (i, columns) =>
            {
                for (int c = 0; c < columns; c++)
                {
                    writer.Line($"{vector} s{c} = {vector}.Zero;");
                }

                using (writer.For("o", outputs, out Affine o))
                {
                    writer.Line($"{vector} g = dy[{o}];");
                    for (int c = 0; c < columns; c++)
                    {
                        writer.Line($"s{c} = {mode.MultiplyAdd($"new {vector}({Weight((o * inputs) + i + c)})", "g", $"s{c}")};");
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
    /// The weights are read unchecked, one broadcast per multiply-add: a bounds check on each would
    /// cost as much as the load. Every index is below outputs × inputs, which the guard makes the span's length.
    /// </summary>
    private static void WeightReference(SourceWriter writer, KernelMode mode, LinearBlock linear)
    {
        writer.Line($"global::LeNet.Generated.Guard.Length(weight.Length, {Literal.Int(linear.Input.Length * linear.Output.Length)}, nameof(weight));");
        writer.Line($"ref {mode.Scalar.Keyword} weightRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(weight);");
    }

    private static string Weight(Affine index) => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref weightRef, {index})";

    /// <summary>Image n's element of the gradient vector dy[o], in dy viewed as scalars.</summary>
    private static string Lane(Affine o)
    {
        string row = o.ToString();
        return o.IsZero ? "n" : row.IndexOf(' ') < 0 ? $"{row} * group + n" : $"({row}) * group + n";
    }

    /// <summary>
    /// Whole tiles of <see cref="Tile"/> in a loop over <paramref name="variable"/>, then the remainder
    /// as one smaller tile at a literal start. The body gets the tile's first index and its size.
    /// </summary>
    private static void Tiles(SourceWriter writer, string variable, int count, Action<Affine, int> body)
    {
        int whole = count / Tile * Tile;
        if (whole == Tile)
        {
            using (writer.Braces())
            {
                body(Affine.Zero, Tile);
            }
        }
        else if (whole > 0)
        {
            using (writer.Block($"for (int {variable} = 0; {variable} < {Literal.Int(whole)}; {variable} += {Tile})"))
            {
                body(Affine.Of(variable), Tile);
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
