using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Register-tiled lane kernels of a dense convolution (no connection table), a group of images per
/// vector. The plan's <see cref="ConvTile"/> sets the tiles: the forward pass sums a block of output
/// channels × adjacent output pixels, so a loaded input vector feeds every channel of the block and a
/// broadcast weight every pixel; ∂W sums a block of output channels × one kernel row of taps over all
/// output pixels, so each loaded gradient and input feeds several sums and ∂W is written once; ∂x
/// sums a tile of input channels × the segment of a ∂x row that a block of output pixels reaches.
/// </summary>
/// <remarks>
/// ∂x as a gather (the transposed convolution over ∂y with a zero border of K − 1, through the forward
/// tile) was measured and dropped: it also multiplies the border, and ran at 5.4 µs per image for
/// LeNet-5's conv1 and 14.3 µs for conv2, against 2.6 and 4.3 µs for the row-segment scatter.
/// </remarks>
internal static class ConvLanesEmitter
{
    public static void EmitForward(SourceWriter writer, KernelMode mode, ConvBlock conv, ConvTile tile)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        int stride = conv.Stride;
        long kernels = (long)input.Channels * k * k;
        string vector = mode.Element;
        using (writer.For("co", output.Channels, tile.Channels, out Affine co))
        using (writer.For("oy", output.Height, out Affine oy))
        using (writer.For("ox", output.Width, tile.Pixels, out Affine ox))
        {
            Affine x0 = writer.Local("x0", (oy * ((long)stride * input.Width)) + (ox * stride));
            for (int c = 0; c < tile.Channels; c++)
            {
                writer.Line($"{vector} b{c} = new {vector}(bias[{co + c}]);");
                for (int p = 0; p < tile.Pixels; p++)
                {
                    writer.Line($"{vector} s{c}_{p} = b{c};");
                }
            }

            // Loops over what the tile does not write out; inside them, slices of literal length so the
            // straight-line taps index with constants and the JIT drops their bounds checks.
            bool channelLoop = tile.Taps != TapUnroll.All && input.Channels > 1;
            bool rowLoop = tile.Taps is TapUnroll.Row or TapUnroll.None;
            bool columnLoop = tile.Taps == TapUnroll.None;
            using (channelLoop ? writer.For("ci", input.Channels, out Affine ci) : SourceWriter.Constant(out ci))
            using (rowLoop ? writer.For("ky", k, out Affine ky) : SourceWriter.Constant(out ky))
            using (columnLoop ? writer.For("kx", k, out Affine kx) : SourceWriter.Constant(out kx))
            {
                int channels = channelLoop ? 1 : input.Channels;
                int rows = rowLoop ? 1 : k;
                int columns = columnLoop ? 1 : k;
                long xLength = ((channels - 1) * (long)input.Plane) + ((rows - 1) * (long)input.Width) + (columns - 1) + ((tile.Pixels - 1) * (long)stride) + 1;
                long wLength = ((tile.Channels - 1) * kernels) + ((channels - 1) * (long)k * k) + ((rows - 1) * (long)k) + columns;
                writer.Line($"{mode.ReadOnlySpan} xs = x.Slice({x0 + (ci * input.Plane) + (ky * input.Width) + kx}, {Literal.Int(xLength)});");
                writer.Line($"{mode.Scalar.ReadOnlySpan} ws = weight.Slice({(co * kernels) + (ci * ((long)k * k)) + (ky * k) + kx}, {Literal.Int(wLength)});");
                for (int c = 0; c < channels; c++)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        for (int col = 0; col < columns; col++)
                        {
                            long x = (c * (long)input.Plane) + (r * (long)input.Width) + col;
                            long w = (c * (long)k * k) + (r * (long)k) + col;
                            using (writer.Braces())
                            {
                                for (int p = 0; p < tile.Pixels; p++)
                                {
                                    writer.Line($"{vector} xv{p} = xs[{Literal.Int(x + (p * (long)stride))}];");
                                }

                                for (int t = 0; t < tile.Channels; t++)
                                {
                                    writer.Line($"{vector} wv{t} = new {vector}(ws[{Literal.Int(w + (t * kernels))}]);");
                                    for (int p = 0; p < tile.Pixels; p++)
                                    {
                                        writer.Line($"s{t}_{p} = {mode.MultiplyAdd($"wv{t}", $"xv{p}", $"s{t}_{p}")};");
                                    }
                                }
                            }
                        }
                    }
                }
            }

            writer.Line($"{mode.Span} ys = y.Slice({(co * output.Plane) + (oy * output.Width) + ox}, {Literal.Int(((tile.Channels - 1) * (long)output.Plane) + tile.Pixels)});");
            for (int c = 0; c < tile.Channels; c++)
            {
                for (int p = 0; p < tile.Pixels; p++)
                {
                    writer.Line($"ys[{Literal.Int((c * (long)output.Plane) + p)}] = {mode.Apply(conv.Activation, $"s{c}_{p}")};");
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
                            writer.Line($"a{c}_{kx} = {mode.MultiplyAdd($"g{c}", $"xv{kx}", $"a{c}_{kx}")};");
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

    /// <summary>
    /// ∂x of a dense stride-1 convolution as a scatter a row segment at a time: for a tile of input
    /// channels, each output row, block of P adjacent output pixels and kernel row ky, the P + K − 1
    /// elements of ∂x row oy + ky that the block reaches are summed in registers over every output
    /// channel and kernel column, then added to ∂x once (instead of one read-modify-write per tap);
    /// each loaded ∂y vector feeds every channel of the tile.
    /// </summary>
    public static void EmitInputGradientRows(SourceWriter writer, KernelMode mode, ConvBlock conv)
    {
        Shape input = conv.PaddedInput;
        Shape output = conv.Output;
        int k = conv.Kernel;
        int pixels = Planner.LargestDivisor(output.Width, Planner.MaxTilePixels);
        int reach = pixels + k - 1;
        int channels = Planner.LargestDivisor(input.Channels, System.Math.Max(1, Planner.TileAccumulators / reach));
        long kernels = (long)input.Channels * k * k;
        string vector = mode.Element;
        writer.Line("dx.Clear();");
        using (writer.For("ci", input.Channels, channels, out Affine ci))
        using (writer.For("oy", output.Height, out Affine oy))
        using (writer.For("ox", output.Width, pixels, out Affine ox))
        using (writer.For("ky", k, out Affine ky))
        {
            for (int c = 0; c < channels; c++)
            {
                for (int j = 0; j < reach; j++)
                {
                    writer.Line($"{vector} a{c}_{j} = {vector}.Zero;");
                }
            }

            using (writer.For("co", output.Channels, out Affine co))
            {
                writer.Line($"{mode.ReadOnlySpan} gs = dy.Slice({(co * output.Plane) + (oy * output.Width) + ox}, {pixels});");
                writer.Line($"{mode.Scalar.ReadOnlySpan} ws = weight.Slice({(co * kernels) + (ci * ((long)k * k)) + (ky * k)}, {((channels - 1) * (long)k * k) + k});");
                for (int p = 0; p < pixels; p++)
                {
                    writer.Line($"{vector} g{p} = gs[{p}];");
                }

                for (int c = 0; c < channels; c++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        writer.Line($"{vector} w{c}_{kx} = new {vector}(ws[{Literal.Int((c * (long)k * k) + kx)}]);");
                        for (int p = 0; p < pixels; p++)
                        {
                            writer.Line($"a{c}_{p + kx} = {mode.MultiplyAdd($"w{c}_{kx}", $"g{p}", $"a{c}_{p + kx}")};");
                        }
                    }
                }
            }

            for (int c = 0; c < channels; c++)
            {
                writer.Line($"{mode.Span} row{c} = dx.Slice({((ci + c) * input.Plane) + ((oy + ky) * input.Width) + ox}, {reach});");
                for (int j = 0; j < reach; j++)
                {
                    writer.Line($"row{c}[{j}] += a{c}_{j};");
                }
            }
        }
    }
}
