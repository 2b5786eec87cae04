using System.Linq;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Forward kernels of one image at a vector profile, for batches of one: a convolution with consecutive
/// output pixels of a row in the lanes (<see cref="ImageConvRows"/>), or its output channels in the lanes
/// (<see cref="ImageConvChannels"/>); dot products along the input for a fully connected layer and for a
/// convolution whose one output pixel sees its whole input (<see cref="ImageDot"/>). Reads and writes go
/// through references after one length guard each, so no load is bounds-checked.
/// </summary>
internal static class ImageKernels
{
    private const string Guard = "global::LeNet.Generated.Guard";
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Lanes = "global::LeNet.Generated.Lanes";

    /// <summary>The signature's scratch parameter: the channel-lane kernel transposes its weights and output there.</summary>
    public static bool TakesScratch(KernelSchedule schedule) => schedule is ImageConvChannels;

    public static void EmitConv(SourceWriter writer, KernelMode mode, ConvBlock conv, KernelSchedule schedule)
    {
        string method = Names.Method(conv.Name);
        string t = mode.Scalar.Keyword;
        string scratch = TakesScratch(schedule) ? $", global::System.Span<{t}> scratch" : string.Empty;
        writer.Line($"/// <summary>{conv.Name}: {Describe.Module(conv)} of one image, {conv.Input} to {conv.Output}.</summary>");
        writer.Line($"/// <remarks>{schedule.Describe()}, {mode.Profile.Width}-bit vectors.</remarks>");
        using (writer.Kernel($"internal static void {method}ForwardImage(global::System.ReadOnlySpan<{t}> x, global::System.ReadOnlySpan<{t}> weight, global::System.ReadOnlySpan<{t}> bias, global::System.Span<{t}> y{scratch})"))
        {
            switch (schedule)
            {
                case ImageDot dot:
                    // One output pixel whose window is the whole input: a fully connected layer over the flattened
                    // input, with the weight [co, ci, ky, kx] already the rows [co, ci·K·K].
                    EmitDotProducts(writer, mode, conv.PaddedInput.Length, conv.Output.Channels, conv.Activation, dot);
                    break;
                case ImageConvChannels channels:
                    EmitConvChannels(writer, mode, conv, channels);
                    break;
                default:
                    EmitConvRows(writer, mode, conv, (ImageConvRows)schedule);
                    break;
            }

            if (mode.ActivationPass(conv.Activation) is { } pass)
            {
                writer.Line(pass);
            }
        }
    }

    public static void EmitLinear(SourceWriter writer, KernelMode mode, LinearBlock linear, ImageDot dot)
    {
        string method = Names.Method(linear.Name);
        string t = mode.Scalar.Keyword;
        writer.Line($"/// <summary>{linear.Name}: {Describe.Module(linear)} of one image, {linear.Input.Length} to {linear.Output.Length}.</summary>");
        writer.Line($"/// <remarks>{dot.Describe()}, {mode.Profile.Width}-bit vectors.</remarks>");
        using (writer.Kernel($"internal static void {method}ForwardImage(global::System.ReadOnlySpan<{t}> x, global::System.ReadOnlySpan<{t}> weight, global::System.ReadOnlySpan<{t}> bias, global::System.Span<{t}> y)"))
        {
            EmitDotProducts(writer, mode, linear.Input.Length, linear.Output.Length, linear.Activation, dot);
            if (mode.ActivationPass(linear.Activation) is { } pass)
            {
                writer.Line(pass);
            }
        }
    }

    /// <summary>What a kernel stores: the pre-activation when a pass applies the activation afterwards, else the activated value.</summary>
    private static string Store(KernelMode mode, Activation activation, string x) => mode.ActivationPass(activation) is null ? mode.Apply(activation, x) : x;

    private static string Load(KernelMode mode, string reference, Affine offset) => $"{mode.VectorClass}.LoadUnsafe(ref {reference}, {Offset(offset)})";

    /// <summary>An element offset as <c>nuint</c>: a literal as it is, <c>(nuint)x0</c>, <c>(nuint)(x0 + 33)</c>.</summary>
    private static string Offset(Affine offset)
    {
        string text = offset.ToString();
        return text == Literal.Int(offset.Constant) ? text : text.IndexOf(' ') < 0 ? $"(nuint){text}" : $"(nuint)({text})";
    }

    /// <summary><c>Unsafe.Add(ref r, offset)</c>, or <c>r</c> itself at offset 0: an element past a reference, unchecked.</summary>
    private static string Add(string reference, Affine offset) => offset.IsZero ? reference : $"{Unsafe}.Add(ref {reference}, {offset})";

    private static void References(SourceWriter writer, KernelMode mode, params string[] spans)
    {
        foreach (string span in spans)
        {
            writer.Line($"ref {mode.Scalar.Keyword} {span}Ref = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span});");
        }
    }

    /// <summary>
    /// Output-channel tiles, pairs of output rows, vectors along the row (the last one moved back to end at
    /// the row's end: outputs are stored, not accumulated, so recomputing a few is harmless); inside, for each
    /// input channel, the K×K window written out: each input row vector read once serves both output rows
    /// (kernel row ky for the first, ky − 1 for the second) of every channel of the tile.
    /// </summary>
    private static void EmitConvRows(SourceWriter writer, KernelMode mode, ConvBlock conv, ImageConvRows tile)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        long window = (long)input.Channels * k * k;
        int rows = tile.Rows;
        string vector = mode.Vector;
        string t = mode.Scalar.Keyword;

        writer.Line($"{Guard}.Length(x.Length, {input.Length}, nameof(x));");
        writer.Line($"{Guard}.Length(y.Length, {output.Length}, nameof(y));");
        writer.Line($"{Guard}.Length(weight.Length, {output.Channels * window}, nameof(weight));");
        References(writer, mode, "x", "y");

        using (writer.For("co", output.Channels, tile.Channels, out Affine co))
        {
            for (int c = 0; c < tile.Channels; c++)
            {
                writer.Line($"{vector} b{c} = {mode.Broadcast($"bias[{co + c}]")};");
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

                using (writer.Block($"for (int column = 0; column < {output.Width}; column += {mode.Lanes})"))
                {
                    writer.Line($"int ox = global::System.Math.Min(column, {output.Width - mode.Lanes});");
                    Affine ox = Affine.Of("ox");
                    Affine x0 = writer.Local("x0", (oy * input.Width) + ox);
                    for (int c = 0; c < tile.Channels; c++)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            writer.Line($"{vector} {RowSum(c, r)} = b{c};");
                        }
                    }

                    writer.Line($"{vector} v;");
                    using (writer.For("ci", input.Channels, out Affine ci))
                    {
                        // The weights of this input channel for the tile: w[c · window + ky · K + kx].
                        long span = ((tile.Channels - 1) * window) + ((long)k * k);
                        writer.Line($"global::System.ReadOnlySpan<{t}> w = weight.Slice({(co * window) + (ci * ((long)k * k))}, {span});");
                        for (int kx = 0; kx < k; kx++)
                        {
                            for (int ry = 0; ry < k + rows - 1; ry++)
                            {
                                writer.Line($"v = {Load(mode, "xRef", x0 + (ci * input.Plane) + ((long)ry * input.Width) + kx)};");
                                for (int r = 0; r < rows; r++)
                                {
                                    int ky = ry - r;
                                    if (ky < 0 || ky >= k)
                                    {
                                        continue;
                                    }

                                    for (int c = 0; c < tile.Channels; c++)
                                    {
                                        string s = RowSum(c, r);
                                        writer.Line($"{s} = {mode.MultiplyAdd("v", mode.Broadcast($"w[{(c * window) + ((long)ky * k) + kx}]"), s)};");
                                    }
                                }
                            }
                        }
                    }

                    for (int c = 0; c < tile.Channels; c++)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            Affine at = ((co + c) * output.Plane) + ((oy + r) * output.Width) + ox;
                            writer.Line($"{mode.VectorClass}.StoreUnsafe({Store(mode, conv.Activation, RowSum(c, r))}, ref yRef, {Offset(at)});");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The output channels in the lanes. The weights are first transposed into the scratch as [ci·K·K][co],
    /// so one load gives a tap's weight for a vector of output channels. A register tile holds a few
    /// consecutive pixels of an output row × every channel vector; each tap broadcasts one input element per
    /// pixel. The tile's sums go to the scratch pixel-major, [oy·W + ox][co], transposed into y's
    /// [co][oy·W + ox] at the end.
    /// </summary>
    private static void EmitConvChannels(SourceWriter writer, KernelMode mode, ConvBlock conv, ImageConvChannels tile)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        int s = conv.Stride;
        int channels = output.Channels;
        int window = input.Channels * k * k;
        int weights = channels * window;
        int width = mode.Lanes;
        int vectors = tile.Vectors;
        int pixels = tile.Pixels;
        string vector = mode.Vector;
        string t = mode.Scalar.Keyword;
        writer.Line($"{Guard}.Length(x.Length, {input.Length}, nameof(x));");
        writer.Line($"{Guard}.Length(y.Length, {output.Length}, nameof(y));");
        writer.Line($"{Guard}.Length(weight.Length, {weights}, nameof(weight));");
        writer.Line($"{Guard}.Length(scratch.Length, {ImageConvChannels.ScratchLength(conv)}, nameof(scratch));");
        References(writer, mode, "x", "scratch"); // weight and y move through Lanes.Transpose only
        writer.Line($"ref {t} wtRef = ref scratchRef;");
        writer.Line($"ref {t} ytRef = ref {Add("scratchRef", weights)};");

        // Weights [co][j] to [j][co], j = ci·K·K + ky·K + kx.
        writer.Line($"{Lanes}.Transpose<{t}>(weight, {channels}, {window}, scratch.Slice(0, {weights}));");
        writer.Line();

        for (int v = 0; v < vectors; v++)
        {
            writer.Line($"{vector} b{v} = {mode.VectorClass}.Create(bias.Slice({v * width}, {width}));");
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
                                writer.Line($"w{v} = {Load(mode, "wc", (tap * channels) + ((long)v * width))};");
                            }

                            for (int p = 0; p < pixels; p++)
                            {
                                writer.Line($"a{p} = {mode.Broadcast(Add("xc", ((long)ky * input.Width) + kx + ((long)p * s)))};");
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
                for (int p = 0; p < pixels; p++)
                {
                    for (int v = 0; v < vectors; v++)
                    {
                        writer.Line($"{mode.VectorClass}.StoreUnsafe({Store(mode, conv.Activation, ChannelSum(p, v, vectors))}, ref at, {Offset(((long)p * channels) + ((long)v * width))});");
                    }
                }
            }
        }

        // Pixel-major sums [i][co] to y's [co][i].
        writer.Line($"{Lanes}.Transpose<{t}>(scratch.Slice({weights}, {output.Length}), {output.Plane}, {channels}, y);");
    }

    /// <summary>The accumulator of tile pixel <paramref name="p"/>, channel vector <paramref name="v"/>: s0, s1, … or s0_0, s0_1, ….</summary>
    private static string ChannelSum(int p, int v, int vectors) => vectors == 1 ? $"s{p}" : $"s{p}_{v}";

    /// <summary>The accumulator of tile channel <paramref name="c"/>, output row <paramref name="r"/>: s0, t0, ….</summary>
    private static string RowSum(int c, int r) => (r == 0 ? "s" : "t") + c;

    /// <summary>
    /// y[o] = b[o] + Σᵢ W[o, i] · x[i] with W row-major [out, in]: a tile of rows, one vector accumulator
    /// each, reads x a vector at a time; the lanes are summed, then the inputs left over after the last
    /// whole vector are added one by one.
    /// </summary>
    private static void EmitDotProducts(SourceWriter writer, KernelMode mode, int inputs, int outputs, Activation activation, ImageDot dot)
    {
        string t = mode.Scalar.Keyword;
        string vector = mode.Vector;
        int lanes = mode.Lanes;
        int whole = inputs - (inputs % lanes);
        writer.Line($"{Guard}.Length(x.Length, {inputs}, nameof(x));");
        writer.Line($"{Guard}.Length(weight.Length, {(long)inputs * outputs}, nameof(weight));");
        References(writer, mode, "x", "weight");
        using (writer.For("o", outputs, dot.Rows, out Affine o))
        {
            Affine w0 = writer.Local("w0", o * inputs);
            for (int r = 0; r < dot.Rows; r++)
            {
                writer.Line($"{vector} s{r} = {vector}.Zero;");
            }

            if (whole > 0)
            {
                using (writer.Block($"for (int i = 0; i < {whole}; i += {lanes})"))
                {
                    writer.Line($"{vector} v = {Load(mode, "xRef", Affine.Of("i"))};");
                    for (int r = 0; r < dot.Rows; r++)
                    {
                        writer.Line($"s{r} = {mode.MultiplyAdd(Load(mode, "weightRef", w0 + Affine.Of("i") + ((long)r * inputs)), "v", $"s{r}")};");
                    }
                }
            }

            for (int r = 0; r < dot.Rows; r++)
            {
                writer.Line($"{t} d{r} = bias[{o + r}] + {mode.VectorClass}.Sum(s{r});");
            }

            if (whole < inputs)
            {
                using (writer.Block($"for (int i = {whole}; i < {inputs}; i++)"))
                {
                    writer.Line($"{t} xi = x[i];");
                    for (int r = 0; r < dot.Rows; r++)
                    {
                        writer.Line($"d{r} += weight[{w0 + Affine.Of("i") + ((long)r * inputs)}] * xi;");
                    }
                }
            }

            for (int r = 0; r < dot.Rows; r++)
            {
                writer.Line($"y[{o + r}] = {Store(mode, activation, $"d{r}")};");
            }
        }
    }
}
