using System;
using System.Linq;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Forward kernels of one image over <c>Vector&lt;T&gt;</c> (PERFORMANCE.md, finding 3: batch 1 wants
/// per-image vectors). A dense stride-1 convolution puts consecutive output pixels of a row in the
/// lanes and keeps a register tile of output channels × two output rows, every weight broadcast;
/// a row whose width is not a multiple of the vector width ends with a vector that overlaps the one
/// before it (outputs are stored, not accumulated, so recomputing a few is harmless). A fully
/// connected layer, and a convolution whose single output pixel sees its whole input, are dot
/// products along the input, several rows at a time. <c>Vector&lt;T&gt;.Count</c> is only known when
/// the JIT compiles the method: the vector path is taken when a vector fits in an output row (a
/// condition the JIT folds to a constant), otherwise the scalar loops run.
/// </summary>
internal static class ImageVectorKernels
{
    private const string Vector = "global::System.Numerics.Vector";
    private const string Guard = "global::LeNet.Generated.Guard";

    /// <summary>Output channels in a convolution's register tile: with two output rows, twice as many accumulators.</summary>
    private const int MaxTileChannels = 6;

    /// <summary>Rows of a dot-product kernel computed together: one accumulator each, enough to hide the FMA latency.</summary>
    private const int MaxTileRows = 8;

    /// <summary>
    /// Writes the body of the per-image forward kernel of <paramref name="conv"/> when it has a vector
    /// form, with <paramref name="scalarLoops"/> as the fallback for a vector wider than a row, and returns
    /// true; returns false, writing nothing, when it has none. Pre-activations are stored for a deferred
    /// activation pass; ReLU is applied as a vector.
    /// </summary>
    public static bool TryEmitConvForward(SourceWriter writer, KernelMode mode, ConvBlock conv, Action scalarLoops)
    {
        if (mode.IsLanes || conv.Table.Count > 0)
        {
            return false;
        }

        Shape input = conv.PaddedInput;
        if (IsWholeWindow(conv))
        {
            // One output pixel whose window is the whole input: a fully connected layer over the
            // flattened input, with the weight [co, ci, ky, kx] already the rows [co, ci·K·K].
            EmitDotProducts(writer, mode, input.Length, conv.Output.Channels, conv.Activation);
            return true;
        }

        string vector = $"{Vector}<{mode.Scalar.Keyword}>";
        int[] widths = ChannelLaneWidths(mode, conv);
        bool rows = conv.Stride == 1 && conv.Output.Width >= MinimumVectorWidth(mode);
        if (widths.Length == 0 && !rows)
        {
            return false;
        }

        for (int i = 0; i < widths.Length; i++)
        {
            using (writer.Block($"{(i == 0 ? "" : "else ")}if ({vector}.Count == {widths[i]})"))
            {
                EmitConvChannels(writer, mode, conv, vector, widths[i]);
            }
        }

        if (rows)
        {
            using (writer.Block($"{(widths.Length == 0 ? "" : "else ")}if ({vector}.Count <= {conv.Output.Width})"))
            {
                EmitConvRows(writer, mode, conv, vector);
            }
        }

        using (writer.Block("else"))
        {
            scalarLoops();
        }

        return true;
    }

    /// <summary>
    /// Elements of the scratch buffer the per-image forward kernel of <paramref name="conv"/> takes
    /// (its weights transposed, then its output pixel-major), or 0 when it takes none.
    /// </summary>
    public static int ScratchLength(KernelMode mode, ConvBlock conv) =>
        ChannelLaneWidths(mode, conv).Length == 0 ? 0 : conv.Weight.Length + conv.Output.Length;

    /// <summary>
    /// The vector widths at which <paramref name="conv"/> puts its output channels in the lanes: those
    /// of a 256-bit and a 512-bit vector that divide the output channels (16 channels: 8 and 16 floats).
    /// A row of output pixels then fills no lanes with pixels of the next row or recomputed ones.
    /// </summary>
    private static int[] ChannelLaneWidths(KernelMode mode, ConvBlock conv)
    {
        if (mode.IsLanes || conv.Table.Count > 0 || IsWholeWindow(conv))
        {
            return [];
        }

        int narrow = MinimumVectorWidth(mode);
        return [.. new[] { narrow, 2 * narrow }.Where(width => conv.Output.Channels % width == 0)];
    }

    /// <summary>One output pixel whose window is the whole input.</summary>
    private static bool IsWholeWindow(ConvBlock conv) =>
        conv.Output.Plane == 1 && conv.PaddedInput.Height == conv.Kernel && conv.PaddedInput.Width == conv.Kernel;

    /// <summary>
    /// Writes the body of the per-image forward kernel of <paramref name="linear"/>: dot products along
    /// the input, a tile of rows at a time. Always applies.
    /// </summary>
    public static bool TryEmitLinearForward(SourceWriter writer, KernelMode mode, LinearBlock linear)
    {
        if (mode.IsLanes)
        {
            return false;
        }

        EmitDotProducts(writer, mode, linear.Input.Length, linear.Output.Length, linear.Activation);
        return true;
    }

    /// <summary>
    /// The narrowest output row worth a vector path: a 256-bit vector, the width <c>Vector&lt;T&gt;</c> has
    /// on most x64 machines (8 floats, 4 doubles). Narrower rows keep the scalar loops.
    /// </summary>
    private static int MinimumVectorWidth(KernelMode mode) => mode.Scalar.Type == ScalarType.Float ? 8 : 4;

    private static string Load(string reference, Affine offset) =>
        $"{Vector}.LoadUnsafe(ref {reference}, {Offset(offset)})";

    /// <summary>An element offset as <c>nuint</c>: a literal as it is, <c>(nuint)x0</c>, <c>(nuint)(x0 + 33)</c>.</summary>
    private static string Offset(Affine offset)
    {
        string text = offset.ToString();
        return text == Literal.Int(offset.Constant) ? text : text.IndexOf(' ') < 0 ? $"(nuint){text}" : $"(nuint)({text})";
    }

    private static void References(SourceWriter writer, KernelMode mode, params string[] spans)
    {
        foreach (string span in spans)
        {
            writer.Line($"ref {mode.Scalar.Keyword} {span}Ref = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span});");
        }
    }

    /// <summary>
    /// The vector path of a dense stride-1 convolution. Loops: output-channel tiles, pairs of output
    /// rows, vectors along the row (the last one moved back to end at the row's end); inside, for each
    /// input channel, the K×K window written out: each input row vector read once serves both output
    /// rows (kernel row ky for the first, ky − 1 for the second) of every channel of the tile.
    /// </summary>
    private static void EmitConvRows(SourceWriter writer, KernelMode mode, ConvBlock conv, string vector)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        long window = (long)input.Channels * k * k;
        int tile = Planner.LargestDivisor(output.Channels, MaxTileChannels);
        int rows = output.Height >= 2 ? 2 : 1;
        string t = mode.Scalar.Keyword;

        writer.Line($"{Guard}.Length(x.Length, {input.Length}, nameof(x));");
        writer.Line($"{Guard}.Length(y.Length, {output.Length}, nameof(y));");
        writer.Line($"{Guard}.Length(weight.Length, {output.Channels * window}, nameof(weight));");
        References(writer, mode, "x", "y");

        using (writer.For("co", output.Channels, tile, out Affine co))
        {
            for (int c = 0; c < tile; c++)
            {
                writer.Line($"{vector} b{c} = new {vector}(bias[{co + c}]);");
            }

            Affine oy = Affine.Zero;
            string rowLoop = output.Height % rows == 0
                ? $"for (int oy = 0; oy < {output.Height}; oy += {rows})"
                : $"for (int row = 0; row < {output.Height}; row += {rows})";
            using (rows > 1 ? writer.Block(rowLoop) : default)
            {
                if (rows > 1)
                {
                    if (output.Height % rows != 0)
                    {
                        // An odd height: the last pair is moved up to end at the last row.
                        writer.Line($"int oy = global::System.Math.Min(row, {output.Height - rows});");
                    }

                    oy = Affine.Of("oy");
                }

                using (writer.Block($"for (int column = 0; column < {output.Width}; column += {vector}.Count)"))
                {
                    writer.Line($"int ox = global::System.Math.Min(column, {output.Width} - {vector}.Count);");
                    Affine ox = Affine.Of("ox");
                    Affine x0 = writer.Local("x0", (oy * input.Width) + ox);
                    for (int c = 0; c < tile; c++)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            writer.Line($"{vector} {Sum(c, r)} = b{c};");
                        }
                    }

                    writer.Line($"{vector} v;");
                    using (writer.For("ci", input.Channels, out Affine ci))
                    {
                        // The weights of this input channel for the tile: w[c · window + ky · K + kx].
                        long span = ((tile - 1) * window) + ((long)k * k);
                        writer.Line($"global::System.ReadOnlySpan<{t}> w = weight.Slice({(co * window) + (ci * ((long)k * k))}, {span});");
                        for (int kx = 0; kx < k; kx++)
                        {
                            for (int ry = 0; ry < k + rows - 1; ry++)
                            {
                                writer.Line($"v = {Load("xRef", x0 + (ci * input.Plane) + ((long)ry * input.Width) + kx)};");
                                for (int r = 0; r < rows; r++)
                                {
                                    int ky = ry - r;
                                    if (ky < 0 || ky >= k)
                                    {
                                        continue;
                                    }

                                    for (int c = 0; c < tile; c++)
                                    {
                                        string s = Sum(c, r);
                                        writer.Line($"{s} = {mode.MultiplyAdd("v", $"new {vector}(w[{(c * window) + ((long)ky * k) + kx}])", s)};");
                                    }
                                }
                            }
                        }
                    }

                    var lanes = mode with { IsLanes = true };
                    for (int c = 0; c < tile; c++)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            Affine at = ((co + c) * output.Plane) + ((oy + r) * output.Width) + ox;
                            writer.Line($"{Vector}.StoreUnsafe({(mode.Defers(conv.Activation) ? Sum(c, r) : lanes.Apply(conv.Activation, Sum(c, r)))}, ref yRef, {Offset(at)});");
                        }
                    }
                }
            }
        }
    }

    /// <summary>Accumulators in a channel-lane register tile: pixels × channel vectors.</summary>
    private const int MaxChannelTileAccumulators = 12;

    /// <summary>
    /// The channel-lane path of a dense convolution at vector width <paramref name="width"/>
    /// (PERFORMANCE.md, finding 3: conv2's lanes are its output channels). The weights are first
    /// transposed into the scratch as [ci·K·K][co], so one load gives a tap's weight for a vector of
    /// output channels. A register tile holds a few consecutive pixels of an output row × every
    /// channel vector; each tap broadcasts one input element per pixel. The tile's sums go to the
    /// scratch pixel-major, [oy·W + ox][co], which is transposed into y's [co][oy·W + ox] at the end.
    /// </summary>
    private static void EmitConvChannels(SourceWriter writer, KernelMode mode, ConvBlock conv, string vector, int width)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        int s = conv.Stride;
        int channels = output.Channels;
        int window = input.Channels * k * k;
        int weights = channels * window;
        int vectors = channels / width;
        int budget = System.Math.Max(1, MaxChannelTileAccumulators / vectors);
        int pixels = System.Math.Min(output.Width, budget);
        if (Planner.LargestDivisor(output.Width, budget) is int divisor && 2 * divisor > pixels)
        {
            pixels = divisor;
        }

        string t = mode.Scalar.Keyword;
        writer.Line($"{Guard}.Length(x.Length, {input.Length}, nameof(x));");
        writer.Line($"{Guard}.Length(y.Length, {output.Length}, nameof(y));");
        writer.Line($"{Guard}.Length(weight.Length, {weights}, nameof(weight));");
        writer.Line($"{Guard}.Length(scratch.Length, {weights + output.Length}, nameof(scratch));");
        References(writer, mode, "x", "weight", "y", "scratch");
        writer.Line($"ref {t} wtRef = ref scratchRef;");
        writer.Line($"ref {t} ytRef = ref {Add("scratchRef", weights)};");

        // Weights [co][j] to [j][co], j = ci·K·K + ky·K + kx: a vector of output channels at a time.
        using (writer.For("co", channels, width, out Affine co))
        using (writer.For("j", window, out Affine j))
        {
            writer.Line($"ref {t} wFrom = ref {Add("weightRef", (co * window) + j)};");
            writer.Line($"ref {t} wTo = ref {Add("wtRef", (j * channels) + co)};");
            for (int c = 0; c < width; c++)
            {
                writer.Line($"{Add("wTo", c)} = {Add("wFrom", (long)c * window)};");
            }
        }

        for (int v = 0; v < vectors; v++)
        {
            writer.Line($"{vector} b{v} = new {vector}(bias.Slice({v * width}, {width}));");
        }

        using (writer.For("oy", output.Height, out Affine oy))
        {
            bool overlap = output.Width % pixels != 0;
            Affine ox = Affine.Of("ox");
            using (writer.Block(overlap
                ? $"for (int column = 0; column < {output.Width}; column += {pixels})"
                : $"for (int ox = 0; ox < {output.Width}; ox += {pixels})"))
            {
                if (overlap)
                {
                    // The last tile is moved back to end at the row's end; its pixels are stored, not added.
                    writer.Line($"int ox = global::System.Math.Min(column, {output.Width - pixels});");
                }

                Affine x0 = writer.Local("x0", (oy * ((long)s * input.Width)) + (ox * s));
                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < vectors; v++)
                    {
                        writer.Line($"{vector} {ChannelSum(p, v, vectors)} = b{v};");
                    }
                }

                writer.Line($"{vector} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => $"w{v}"))};");
                writer.Line($"{vector} {string.Join(", ", Enumerable.Range(0, pixels).Select(p => $"a{p}"))};");
                using (writer.For("ci", input.Channels, out Affine ci))
                {
                    writer.Line($"ref {t} xc = ref {Add("xRef", x0 + (ci * input.Plane))};");
                    writer.Line($"ref {t} wc = ref {Add("wtRef", ci * ((long)k * k * channels))};");
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            long tap = ((long)ky * k) + kx;
                            for (int v = 0; v < vectors; v++)
                            {
                                writer.Line($"w{v} = {Load("wc", (tap * channels) + ((long)v * width))};");
                            }

                            for (int p = 0; p < pixels; p++)
                            {
                                writer.Line($"a{p} = new {vector}({Add("xc", ((long)ky * input.Width) + kx + ((long)p * s))});");
                            }

                            for (int p = 0; p < pixels; p++)
                            {
                                for (int v = 0; v < vectors; v++)
                                {
                                    string sum = ChannelSum(p, v, vectors);
                                    writer.Line($"{sum} = {mode.MultiplyAdd($"w{v}", $"a{p}", sum)};");
                                }
                            }

                            if (ky != k - 1 || kx != k - 1)
                            {
                                writer.Line();
                            }
                        }
                    }
                }

                writer.Line($"ref {t} at = ref {Add("ytRef", ((oy * output.Width) + ox) * channels)};");
                var lanes = mode with { IsLanes = true };
                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < vectors; v++)
                    {
                        string sum = mode.Defers(conv.Activation) ? ChannelSum(p, v, vectors) : lanes.Apply(conv.Activation, ChannelSum(p, v, vectors));
                        writer.Line($"{Vector}.StoreUnsafe({sum}, ref at, {Offset(((long)p * channels) + ((long)v * width))});");
                    }
                }
            }
        }

        // Pixel-major sums [i][co] to y's [co][i], a vector of output channels at a time.
        using (writer.For("co", channels, width, out Affine c))
        using (writer.For("i", output.Plane, out Affine i))
        {
            writer.Line($"ref {t} yFrom = ref {Add("ytRef", (i * channels) + c)};");
            writer.Line($"ref {t} yTo = ref {Add("yRef", (c * output.Plane) + i)};");
            for (int ch = 0; ch < width; ch++)
            {
                writer.Line($"{Add("yTo", (long)ch * output.Plane)} = {Add("yFrom", ch)};");
            }
        }
    }

    /// <summary><c>Unsafe.Add(ref r, offset)</c>, or <c>r</c> itself at offset 0: an element past a reference, unchecked.</summary>
    private static string Add(string reference, Affine offset) =>
        offset.IsZero ? reference : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, {offset})";

    /// <summary>The accumulator of tile pixel <paramref name="p"/>, channel vector <paramref name="v"/>: s0, s1, … or s0_0, s0_1, ….</summary>
    private static string ChannelSum(int p, int v, int vectors) => vectors == 1 ? $"s{p}" : $"s{p}_{v}";

    /// <summary>The accumulator of tile channel <paramref name="c"/>, output row <paramref name="r"/>: s0, t0, ….</summary>
    private static string Sum(int c, int r) => (r == 0 ? "s" : "t") + c;

    /// <summary>
    /// y[o] = b[o] + Σᵢ W[o, i] · x[i] with W row-major [out, in]: a tile of rows, one vector
    /// accumulator each, reads x a vector at a time; the lanes are summed, then the inputs left over
    /// after the last whole vector are added one by one.
    /// </summary>
    private static void EmitDotProducts(SourceWriter writer, KernelMode mode, int inputs, int outputs, Activation activation)
    {
        string t = mode.Scalar.Keyword;
        string vector = $"{Vector}<{t}>";
        int tile = Planner.LargestDivisor(outputs, MaxTileRows);
        writer.Line($"{Guard}.Length(x.Length, {inputs}, nameof(x));");
        writer.Line($"{Guard}.Length(weight.Length, {(long)inputs * outputs}, nameof(weight));");
        References(writer, mode, "x", "weight");
        using (writer.For("o", outputs, tile, out Affine o))
        {
            Affine w0 = writer.Local("w0", o * inputs);
            for (int r = 0; r < tile; r++)
            {
                writer.Line($"{vector} s{r} = {vector}.Zero;");
            }

            writer.Line("int i = 0;");
            using (writer.Block($"for (; i <= {inputs} - {vector}.Count; i += {vector}.Count)"))
            {
                writer.Line($"{vector} v = {Load("xRef", Affine.Of("i"))};");
                for (int r = 0; r < tile; r++)
                {
                    writer.Line($"s{r} = {mode.MultiplyAdd(Load("weightRef", w0 + Affine.Of("i") + ((long)r * inputs)), "v", $"s{r}")};");
                }
            }

            for (int r = 0; r < tile; r++)
            {
                writer.Line($"{t} d{r} = bias[{o + r}] + {Vector}.Sum(s{r});");
            }

            using (writer.Block($"for (; i < {inputs}; i++)"))
            {
                writer.Line($"{t} xi = x[i];");
                for (int r = 0; r < tile; r++)
                {
                    writer.Line($"d{r} += weight[{w0 + Affine.Of("i") + ((long)r * inputs)}] * xi;");
                }
            }

            for (int r = 0; r < tile; r++)
            {
                writer.Line($"y[{o + r}] = {mode.Store(activation, $"d{r}")};");
            }
        }
    }
}
