using System.Collections.Generic;
using LeNet.Generated.Generator.Model;

namespace LeNet.Generated.Generator.Emission;

/// <summary>
/// Register-tiled lane kernels of a dense convolution (no connection table), a group of images per
/// vector. The plan's <see cref="ConvTile"/> sets the tiles: the forward pass sums a block of output
/// channels × adjacent output pixels, so a loaded input vector feeds every channel of the block and a
/// broadcast weight every pixel; ∂W sums a block of output channels × one kernel row of taps over all
/// output pixels, so each loaded gradient and input feeds several sums and ∂W is written once.
/// </summary>
internal static class ConvLanesEmitter
{
    public static void EmitForward(SourceWriter writer, KernelMode mode, ConvBlock conv, ConvTile tile)
    {
        Shape input = conv.PaddedInput;
        int k = conv.Kernel;
        long kernels = (long)input.Channels * k * k;
        var weights = new WeightLayout(
            (outputs, inputs) => (outputs * kernels) + (inputs * ((long)k * k)),
            (t, j, ky, kx) => (t * kernels) + (j * (long)k * k) + (ky * (long)k) + kx);
        EmitTiled(writer, mode, input, conv.Output, k, conv.Stride, tile.Channels, tile.Pixels, tile.Taps, weights, "bias", conv.Activation, "x", "y");
    }

    /// <summary>
    /// Whether ∂x can be a gather: a stride-1 convolution whose ∂x tile keeps its taps straight-line. ∂x is
    /// then the forward tile run over ∂y with a zero border of K − 1 and the kernels flipped and
    /// transposed, so every element of ∂x is written once instead of read-modified at every tap.
    /// </summary>
    /// <remarks>
    /// The gather also multiplies the zero border: (input plane ÷ output plane) times the work of the scatter,
    /// 1.31 for conv1 of LeNet-5 but 1.96 for conv2 (measured 14.3 µs per image against 7.8 for the scatter),
    /// so it is used up to <see cref="MaxGatherWaste"/>.
    /// </remarks>
    public static bool GathersInputGradient(ConvBlock conv) =>
        conv is { Stride: 1, Tile: { } }
        && conv.PaddedInput.Plane <= MaxGatherWaste * conv.Output.Plane
        && InputGradientTile(conv).Taps is TapUnroll.All or TapUnroll.Window;

    private const double MaxGatherWaste = 1.5;

    /// <summary>The shape of ∂y with its zero border, the input of the ∂x gather.</summary>
    public static Shape BorderedOutputGradient(ConvBlock conv) =>
        new(conv.Output.Channels, conv.Output.Height + (2 * (conv.Kernel - 1)), conv.Output.Width + (2 * (conv.Kernel - 1)));

    /// <summary>∂x as a gather over ∂y copied into the zero-bordered <c>bordered</c> (see <see cref="GathersInputGradient"/>).</summary>
    public static void EmitInputGradient(SourceWriter writer, KernelMode mode, ConvBlock conv)
    {
        Shape output = conv.Output;
        Shape bordered = BorderedOutputGradient(conv);
        int k = conv.Kernel;
        int border = k - 1;
        using (writer.For("c", output.Channels, out Affine c))
        using (writer.For("y", output.Height, out Affine y))
        {
            writer.Line($"dy.Slice({(c * output.Plane) + (y * output.Width)}, {output.Width}).CopyTo(bordered.Slice({(c * bordered.Plane) + ((y + border) * bordered.Width) + border}, {output.Width}));");
        }

        // dx[ci, iy, ix] = Σ w[co, ci, ky, kx] · dy[co, iy − ky, ix − kx]: a forward tile over the bordered ∂y
        // whose output channels are the input channels and whose taps read the kernels flipped.
        int inputs = conv.PaddedInput.Channels;
        long kernels = (long)inputs * k * k;
        ConvTile tile = InputGradientTile(conv);
        var weights = new WeightLayout(
            (outputs, channels) => (channels * kernels) + (outputs * ((long)k * k)),
            (t, j, ky, kx) => (j * kernels) + (t * (long)k * k) + ((k - 1 - ky) * (long)k) + (k - 1 - kx));
        EmitTiled(writer, mode, bordered, conv.PaddedInput, k, 1, tile.Channels, tile.Pixels, tile.Taps, weights, bias: null, Activation.None, "bordered", "dx");
    }

    /// <summary>The ∂x gather's tile: the forward policy applied to the transposed convolution.</summary>
    private static ConvTile InputGradientTile(ConvBlock conv) =>
        Planner.Tile(BorderedOutputGradient(conv), conv.PaddedInput, conv.Kernel);

    /// <summary>
    /// Where a tile's weights are: <see cref="Base"/> gives the first weight of the tile's first output
    /// channel for the current input channel (both loop terms); <see cref="Offset"/> the literal offset
    /// from there of output channel t of the tile, input channel j and tap (ky, kx).
    /// </summary>
    private sealed record WeightLayout(System.Func<Affine, Affine, Affine> Base, System.Func<int, int, int, int, long> Offset);

    /// <summary>
    /// A tile of output channels × adjacent output pixels summed in registers over a window read from
    /// <paramref name="source"/> and written to <paramref name="target"/>; <paramref name="bias"/> names
    /// the span the sums start from (else 0).
    /// </summary>
    private static void EmitTiled(
        SourceWriter writer, KernelMode mode, Shape input, Shape output, int k, int stride, int channelsPerTile, int pixels,
        TapUnroll taps, WeightLayout weights, string? bias, Activation activation, string source, string target)
    {
        string vector = mode.Element;
        using (writer.For("co", output.Channels, channelsPerTile, out Affine co))
        using (writer.For("oy", output.Height, out Affine oy))
        using (writer.For("ox", output.Width, pixels, out Affine ox))
        {
            Affine x0 = writer.Local("x0", (oy * ((long)stride * input.Width)) + (ox * stride));
            for (int c = 0; c < channelsPerTile; c++)
            {
                if (bias is not null)
                {
                    writer.Line($"{vector} b{c} = new {vector}({bias}[{co + c}]);");
                }

                for (int p = 0; p < pixels; p++)
                {
                    writer.Line($"{vector} s{c}_{p} = {(bias is null ? $"{vector}.Zero" : $"b{c}")};");
                }
            }

            // Loops over what the tile does not write out; inside them, slices of literal length so the
            // straight-line taps index with constants and the JIT drops their bounds checks.
            bool channelLoop = taps != TapUnroll.All && input.Channels > 1;
            bool rowLoop = taps is TapUnroll.Row or TapUnroll.None;
            bool columnLoop = taps == TapUnroll.None;
            using (channelLoop ? writer.For("ci", input.Channels, out Affine ci) : SourceWriter.Constant(out ci))
            using (rowLoop ? writer.For("ky", k, out Affine ky) : SourceWriter.Constant(out ky))
            using (columnLoop ? writer.For("kx", k, out Affine kx) : SourceWriter.Constant(out kx))
            {
                int channels = channelLoop ? 1 : input.Channels;
                int rows = rowLoop ? 1 : k;
                int columns = columnLoop ? 1 : k;
                long xLength = ((channels - 1) * (long)input.Plane) + ((rows - 1) * (long)input.Width) + (columns - 1) + ((pixels - 1) * (long)stride) + 1;
                long wFirst = long.MaxValue;
                long wLast = 0;
                for (int t = 0; t < channelsPerTile; t++)
                {
                    for (int j = 0; j < channels; j++)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            for (int col = 0; col < columns; col++)
                            {
                                wFirst = System.Math.Min(wFirst, weights.Offset(t, j, r, col));
                                wLast = System.Math.Max(wLast, weights.Offset(t, j, r, col));
                            }
                        }
                    }
                }

                writer.Line($"{mode.ReadOnlySpan} xs = {source}.Slice({x0 + (ci * input.Plane) + (ky * input.Width) + kx}, {Literal.Int(xLength)});");
                writer.Line($"{mode.Scalar.ReadOnlySpan} ws = weight.Slice({weights.Base(co, ci) + (ky * k) + kx + wFirst}, {Literal.Int(wLast - wFirst + 1)});");
                for (int c = 0; c < channels; c++)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        for (int col = 0; col < columns; col++)
                        {
                            long x = (c * (long)input.Plane) + (r * (long)input.Width) + col;
                            using (writer.Braces())
                            {
                                for (int p = 0; p < pixels; p++)
                                {
                                    writer.Line($"{vector} xv{p} = xs[{Literal.Int(x + (p * (long)stride))}];");
                                }

                                for (int t = 0; t < channelsPerTile; t++)
                                {
                                    writer.Line($"{vector} wv{t} = new {vector}(ws[{Literal.Int(weights.Offset(t, c, r, col) - wFirst)}]);");
                                    for (int p = 0; p < pixels; p++)
                                    {
                                        writer.Line($"s{t}_{p} = {KernelMode.Fma($"wv{t}", $"xv{p}", $"s{t}_{p}")};");
                                    }
                                }
                            }
                        }
                    }
                }
            }

            writer.Line($"{mode.Span} ys = {target}.Slice({(co * output.Plane) + (oy * output.Width) + ox}, {Literal.Int(((channelsPerTile - 1) * (long)output.Plane) + pixels)});");
            for (int c = 0; c < channelsPerTile; c++)
            {
                for (int p = 0; p < pixels; p++)
                {
                    writer.Line($"ys[{Literal.Int((c * (long)output.Plane) + p)}] = {mode.Apply(activation, $"s{c}_{p}")};");
                }
            }
        }
    }

    public static void EmitWeightGradient(SourceWriter writer, KernelMode mode, ConvBlock conv, ConvTile tile)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        int channels = tile.WeightChannels;
        string vector = mode.Element;
        using (writer.For("co", output.Channels, channels, out Affine co))
        {
            for (int c = 0; c < channels; c++)
            {
                writer.Line($"{vector} b{c} = {vector}.Zero;");
            }

            using (writer.For("i", output.Plane, out Affine i))
            {
                for (int c = 0; c < channels; c++)
                {
                    writer.Line($"b{c} += dy[{(co * output.Plane) + ((long)c * output.Plane) + i}];");
                }
            }

            for (int c = 0; c < channels; c++)
            {
                writer.Line($"dBias[{co + c}] += b{c};");
            }

            using (writer.For("ci", input.Channels, out Affine ci))
            using (writer.For("ky", k, out Affine ky))
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        writer.Line($"{vector} a{c}_{kx} = {vector}.Zero;");
                    }
                }

                using (writer.For("oy", output.Height, out Affine oy))
                using (writer.For("ox", output.Width, out Affine ox))
                {
                    writer.Line($"{mode.ReadOnlySpan} xs = x.Slice({(ci * input.Plane) + (ky * input.Width) + (oy * ((long)conv.Stride * input.Width)) + (ox * conv.Stride)}, {Literal.Int(k)});");
                    writer.Line($"{mode.ReadOnlySpan} gs = dy.Slice({(co * output.Plane) + (oy * output.Width) + ox}, {Literal.Int(((channels - 1) * (long)output.Plane) + 1)});");
                    for (int c = 0; c < channels; c++)
                    {
                        writer.Line($"{vector} g{c} = gs[{Literal.Int(c * (long)output.Plane)}];");
                    }

                    for (int kx = 0; kx < k; kx++)
                    {
                        writer.Line($"{vector} xv{kx} = xs[{kx}];");
                        for (int c = 0; c < channels; c++)
                        {
                            writer.Line($"a{c}_{kx} = {KernelMode.Fma($"g{c}", $"xv{kx}", $"a{c}_{kx}")};");
                        }
                    }
                }

                Affine w0 = writer.Local("w0", (co * ((long)input.Channels * k * k)) + (ci * ((long)k * k)) + (ky * k));
                for (int c = 0; c < channels; c++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        writer.Line($"dWeight[{w0 + (((long)c * input.Channels * k * k) + kx)}] += a{c}_{kx};");
                    }
                }
            }
        }
    }
}
