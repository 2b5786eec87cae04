using System.Collections.Generic;
using System.Linq;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Kernels of a convolution: copy into the zero-bordered buffer (with padding), forward with the
/// fused activation, ∂W and ∂b, and ∂x. Windows are read at <c>x0 + ci·plane + ky·width + kx</c>,
/// every term a literal; the tap nest follows the plan's unroll decision.
/// </summary>
internal static class ConvEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, ConvBlock conv)
    {
        string method = Names.Method(conv.Name);
        string suffix = mode.Suffix;
        string read = mode.ReadOnlySpan;
        string write = mode.Span;
        string weights = mode.Scalar.ReadOnlySpan;
        Shape input = conv.PaddedInput;
        int taps = input.Channels * conv.Kernel * conv.Kernel;
        string math = $"{conv.Input}{(conv.Padding == 0 ? string.Empty : $" (padded to {input})")} to {conv.Output}";

        if (conv.Padding != 0)
        {
            writer.Line($"/// <summary>{conv.Name}: copies the {conv.Input} input into the interior of its zero-bordered {input} buffer.</summary>");
            using (writer.Block($"private static void {method}Pad{suffix}({read} x, {write} padded)"))
            {
                CopyRows(writer, conv, "x", Unpadded(conv), "padded", Interior(conv));
            }

            writer.Line();
            writer.Line($"/// <summary>{conv.Name}: ∂loss/∂x is the interior of the padded buffer's gradient.</summary>");
            using (writer.Block($"private static void {method}Unpad{suffix}({read} dPadded, {write} dx)"))
            {
                CopyRows(writer, conv, "dPadded", Interior(conv), "dx", Unpadded(conv));
            }

            writer.Line();
        }

        writer.Line($"/// <summary>{conv.Name}: {Describe.Module(conv)}, {math}.</summary>");
        writer.Line($"/// <remarks>y[co, oy, ox] = {ActivationText(conv.Activation, $"b[co] + Σ w[co, ci, ky, kx] · x[ci, {Scaled(conv.Stride, "oy")} + ky, {Scaled(conv.Stride, "ox")} + kx]")}.</remarks>");
        string scratch = ImageVectorKernels.ScratchLength(mode, conv) > 0 ? $", {write} scratch" : string.Empty;
        using (writer.Block($"private static void {method}Forward{suffix}({read} x, {weights} weight, {weights} bias, {write} y{scratch})"))
        {
            void ScalarLoops() => Outputs(writer, conv, (x0, w0, y, co) =>
            {
                var sums = new Accumulators(writer, mode, WrittenTaps(conv, co));
                sums.Declare(mode.Broadcast($"bias[{co}]"));
                Taps(writer, conv, x0, w0, co, (x, w) => writer.Line($"{sums.Next()} += weight[{w}] * x[{x}];"));
                sums.Combine();
                writer.Line($"y[{y}] = {mode.Store(conv.Activation, "s")};");
            });

            if (mode.IsLanes && conv.Tile is { } forwardTile)
            {
                ConvLanesEmitter.EmitForward(writer, mode, conv, forwardTile);
            }
            else if (!ImageVectorKernels.TryEmitConvForward(writer, mode, conv, ScalarLoops))
            {
                ScalarLoops();
            }

            ActivationEmitter.EmitDeferredPass(writer, mode, conv.Activation);
        }

        writer.Line();
        writer.Line($"/// <summary>{conv.Name}: adds ∂loss/∂w[co, ci, ky, kx] = Σ dy[co, oy, ox] · x[ci, …] and ∂loss/∂b[co] = Σ dy[co, oy, ox].</summary>");
        using (writer.Block($"private static void {method}BackwardParameters{suffix}({read} x, {read} dy, {write} dWeight, {write} dBias)"))
        {
            if (mode.IsLanes && conv.Tile is { } gradientTile)
            {
                ConvLanesEmitter.EmitWeightGradient(writer, mode, conv, gradientTile);
            }
            else if (WeightGradientInRegisters(conv))
            {
                EmitWeightGradientInRegisters(writer, mode, conv);
            }
            else
            {
                Outputs(writer, conv, (x0, w0, y, co) =>
                {
                    writer.Line($"{mode.Element} g = dy[{y}];");
                    writer.Line($"dBias[{co}] += g;");
                    Taps(writer, conv, x0, w0, co, (x, w) => writer.Line($"dWeight[{w}] += g * x[{x}];"));
                });
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{conv.Name}: ∂loss/∂x[ci, …] = Σ w[co, ci, ky, kx] · dy[co, oy, ox], scattered over each window.</summary>");
        using (writer.Block($"private static void {method}BackwardInput{suffix}({read} dy, {weights} weight, {write} dx)"))
        {
            if (mode.IsLanes && conv is { Stride: 1, Tile: { } })
            {
                ConvLanesEmitter.EmitInputGradientRows(writer, mode, conv);
                return;
            }

            writer.Line("dx.Clear();");
            if (conv.Table.Count == 0 && OutputChannelTile(conv) > 1)
            {
                EmitInputGradientTiled(writer, mode, conv);
            }
            else
            {
                Outputs(writer, conv, (x0, w0, y, co) =>
                {
                    writer.Line($"{mode.Element} g = dy[{y}];");
                    Taps(writer, conv, x0, w0, co, (x, w) => writer.Line($"dx[{x}] += weight[{w}] * g;"));
                });
            }
        }
    }

    /// <summary>Output channels whose contributions to ∂x are summed before each read-modify-write of ∂x: 4, 2 or 1.</summary>
    private static int OutputChannelTile(ConvBlock conv) =>
        conv.Output.Channels % 4 == 0 ? 4 : conv.Output.Channels % 2 == 0 ? 2 : 1;

    /// <summary>
    /// ∂x of a dense convolution, a tile of output channels at a time: each tap of the window adds
    /// the tile's weighted gradients in one read-modify-write of ∂x instead of one per channel.
    /// </summary>
    private static void EmitInputGradientTiled(SourceWriter writer, KernelMode mode, ConvBlock conv)
    {
        Shape input = conv.PaddedInput;
        int k = conv.Kernel;
        int tile = OutputChannelTile(conv);
        long kernels = (long)input.Channels * k * k;
        using (writer.For("co", conv.Output.Channels, tile, out Affine co))
        {
            Affine w0 = writer.Local("w0", co * kernels);
            PixelLoops(writer, conv, (x0, pixel) =>
            {
                for (int t = 0; t < tile; t++)
                {
                    writer.Line($"{mode.Element} g{t} = dy[{((co + t) * conv.Output.Plane) + pixel}];");
                }

                TapNest.Emit(writer, conv.Unroll, input.Channels, k, skipFirst: false, (ci, ky, kx) =>
                {
                    Affine x = x0 + (ci * input.Plane) + (ky * input.Width) + kx;
                    Affine w = w0 + (ci * ((long)k * k)) + (ky * k) + kx;
                    if (mode.IsLanes)
                    {
                        // One chain of FMAs into the element, read and written once.
                        string chain = $"dx[{x}]";
                        for (int t = 0; t < tile; t++)
                        {
                            chain = mode.MultiplyAdd($"new {mode.Element}(weight[{w + (t * kernels)}])", $"g{t}", chain);
                        }

                        writer.Line($"dx[{x}] = {chain};");
                        return;
                    }

                    string sum = string.Join(" + ", Enumerable.Range(0, tile).Select(t => $"(weight[{w + (t * kernels)}] * g{t})"));
                    writer.Line($"dx[{x}] += {sum};");
                });
            });
        }
    }

    private static string Scaled(int stride, string variable) => stride == 1 ? variable : $"{stride}·{variable}";

    private static string ActivationText(Activation activation, string x) =>
        activation == Activation.None ? x : $"{ActivationEmitter.Name(activation).ToLowerInvariant()}({x})";

    /// <summary>
    /// Loops over output channels and pixels; the body gets the window's first input index, the first
    /// weight of the output channel, the output index and the output channel. With a connection table
    /// the output channels are written out one after another, each with its own input channels.
    /// </summary>
    private static void Outputs(SourceWriter writer, ConvBlock conv, System.Action<Affine, Affine, Affine, Affine> body)
    {
        if (conv.Table.Count > 0)
        {
            long first = 0;
            for (int o = 0; o < conv.Output.Channels; o++)
            {
                EquatableArray<int> inputs = conv.Table[o];
                writer.Line($"// output channel {o} sees input channels {string.Join(", ", inputs)}");
                if (conv.Output.Plane == 1)
                {
                    // No pixel loops to scope the locals of each output channel.
                    using (writer.Braces())
                    {
                        Pixels(first, o);
                    }
                }
                else
                {
                    Pixels(first, o);
                }
                first += (long)inputs.Count * conv.Kernel * conv.Kernel;
            }

            return;
        }

        using (writer.For("co", conv.Output.Channels, out Affine co))
        {
            Affine w0 = co * ((long)conv.PaddedInput.Channels * conv.Kernel * conv.Kernel);
            w0 = writer.Local("w0", w0);

            Pixels(w0, co);
        }

        void Pixels(Affine w0, Affine co) =>
            PixelLoops(writer, conv, (x0, pixel) => body(x0, w0, (co * conv.Output.Plane) + pixel, co));
    }

    /// <summary>
    /// Loops over the output pixels; the body gets the first input index of the pixel's window (as
    /// the local <c>x0</c>) and the pixel's index within an output channel.
    /// </summary>
    private static void PixelLoops(SourceWriter writer, ConvBlock conv, System.Action<Affine, Affine> body)
    {
        using (writer.For("oy", conv.Output.Height, out Affine oy))
        using (writer.For("ox", conv.Output.Width, out Affine ox))
        {
            Affine x0 = writer.Local("x0", (oy * ((long)conv.Stride * conv.PaddedInput.Width)) + (ox * conv.Stride));
            body(x0, (oy * conv.Output.Width) + ox);
        }
    }

    /// <summary>Taps of a window that fit in registers as separate sums.</summary>
    private const int MaxRegisterTaps = 25;

    /// <summary>
    /// Whether ∂W of a dense convolution can keep one window of weight gradients in registers across
    /// all output pixels, instead of adding to memory at every pixel.
    /// </summary>
    private static bool WeightGradientInRegisters(ConvBlock conv) =>
        conv.Table.Count == 0
        && ((conv.Unroll == TapUnroll.All && conv.PaddedInput.Channels * conv.Kernel * conv.Kernel <= MaxRegisterTaps)
            || (conv.Unroll == TapUnroll.Window && conv.Kernel * conv.Kernel <= MaxRegisterTaps));

    /// <summary>
    /// ∂W with taps outside the pixel loops: for each output channel (and input channel, when the
    /// window is per channel) one sum per tap runs over every output pixel and is added to ∂W once.
    /// </summary>
    private static void EmitWeightGradientInRegisters(SourceWriter writer, KernelMode mode, ConvBlock conv)
    {
        Shape input = conv.PaddedInput;
        int k = conv.Kernel;
        using (writer.For("co", conv.Output.Channels, out Affine co))
        {
            Affine w0 = co * ((long)input.Channels * k * k);
            w0 = writer.Local("w0", w0);

            writer.Line($"{mode.Element} b = {mode.Zero};");
            using (writer.For("oy", conv.Output.Height, out Affine oy))
            using (writer.For("ox", conv.Output.Width, out Affine ox))
            {
                writer.Line($"b += dy[{(co * conv.Output.Plane) + (oy * conv.Output.Width) + ox}];");
            }

            writer.Line($"dBias[{co}] += b;");
            bool perChannel = conv.Unroll == TapUnroll.Window;
            Affine ci = Affine.Zero;
            using (perChannel ? writer.For("ci", input.Channels, out ci) : default)
            {
                var taps = new List<(Affine X, Affine W)>();
                for (int c = 0; c < (perChannel ? 1 : input.Channels); c++)
                {
                    Affine channel = perChannel ? ci : c;
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            taps.Add(((channel * input.Plane) + ((long)ky * input.Width) + kx, w0 + (channel * ((long)k * k)) + ((long)ky * k) + kx));
                        }
                    }
                }

                for (int t = 0; t < taps.Count; t++)
                {
                    writer.Line($"{mode.Element} a{t} = {mode.Zero};");
                }

                PixelLoops(writer, conv, (x0, pixel) =>
                {
                    writer.Line($"{mode.Element} g = dy[{(co * conv.Output.Plane) + pixel}];");
                    for (int t = 0; t < taps.Count; t++)
                    {
                        writer.Line($"a{t} += g * x[{x0 + taps[t].X}];");
                    }
                });

                for (int t = 0; t < taps.Count; t++)
                {
                    writer.Line($"dWeight[{taps[t].W}] += a{t};");
                }
            }
        }
    }

    /// <summary>Taps written out, not looped, in one output channel's body.</summary>
    private static long WrittenTaps(ConvBlock conv, Affine co)
    {
        long perChannel = conv.Unroll switch
        {
            TapUnroll.All or TapUnroll.Window => (long)conv.Kernel * conv.Kernel,
            TapUnroll.Row => conv.Kernel,
            _ => 1,
        };
        long channels = conv.Table.Count > 0 ? conv.Table[(int)co.Constant].Count : conv.Unroll == TapUnroll.All ? conv.PaddedInput.Channels : 1;
        return channels * perChannel;
    }

    /// <summary>The taps of one output channel: every input channel, or those of its row of the connection table.</summary>
    private static void Taps(SourceWriter writer, ConvBlock conv, Affine x0, Affine w0, Affine co, System.Action<Affine, Affine> tap)
    {
        Shape input = conv.PaddedInput;
        int k = conv.Kernel;
        if (conv.Table.Count == 0)
        {
            TapNest.Emit(writer, conv.Unroll, input.Channels, k, skipFirst: false, (ci, ky, kx) => tap(
                x0 + (ci * input.Plane) + (ky * input.Width) + kx,
                w0 + (ci * ((long)k * k)) + (ky * k) + kx));
            return;
        }

        // Channels are constants here, so a "window" unroll means the whole K×K window of each.
        EquatableArray<int> inputs = conv.Table[(int)co.Constant];
        TapUnroll unroll = conv.Unroll == TapUnroll.Window ? TapUnroll.All : conv.Unroll;
        for (int j = 0; j < inputs.Count; j++)
        {
            Affine channel = x0 + ((long)inputs[j] * input.Plane);
            Affine kernel = w0 + ((long)j * k * k);
            TapNest.Emit(writer, unroll, 1, k, skipFirst: false, (_, ky, kx) => tap(channel + (ky * input.Width) + kx, kernel + (ky * k) + kx));
        }
    }

    /// <summary>The unpadded input: origin 0, row pitch W, plane H·W.</summary>
    private static (long Origin, long Pitch, long Plane) Unpadded(ConvBlock conv) => (0, conv.Input.Width, conv.Input.Plane);

    /// <summary>The interior of the padded buffer: origin p·(W + 2p) + p.</summary>
    private static (long Origin, long Pitch, long Plane) Interior(ConvBlock conv)
    {
        Shape padded = conv.PaddedInput;
        return (((long)conv.Padding * padded.Width) + conv.Padding, padded.Width, padded.Plane);
    }

    private static void CopyRows(SourceWriter writer, ConvBlock conv, string from, (long Origin, long Pitch, long Plane) source, string to, (long Origin, long Pitch, long Plane) target)
    {
        using (writer.For("c", conv.Input.Channels, out Affine c))
        using (writer.For("y", conv.Input.Height, out Affine y))
        {
            Affine sourceRow = source.Origin + (c * source.Plane) + (y * source.Pitch);
            Affine targetRow = target.Origin + (c * target.Plane) + (y * target.Pitch);
            writer.Line($"{from}.Slice({sourceRow}, {conv.Input.Width}).CopyTo({to}.Slice({targetRow}, {conv.Input.Width}));");
        }
    }
}
