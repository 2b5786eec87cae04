using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Lane kernels of a convolution with a connection table, written as their loop nests: output channels
/// one after another, each with its own input channels as constants, so absent connections cost nothing.
/// </summary>
internal static class ConvLoopEmitter
{
    public static void EmitForward(SourceWriter writer, KernelMode mode, ConvBlock conv, LoopNest nest) =>
        Outputs(writer, conv, (x0, w0, y, co) =>
        {
            var sums = new Accumulators(writer, mode, WrittenTaps(conv, nest, co));
            sums.Declare(mode.Broadcast($"bias[{co}]"));
            Taps(writer, conv, nest, x0, w0, co, (x, w) => writer.Line($"{sums.Next()} += weight[{w}] * x[{x}];"));
            sums.Combine();
            writer.Line($"y[{y}] = {mode.Apply(conv.Activation, "s")};");
        });

    public static void EmitWeightGradient(SourceWriter writer, KernelMode mode, ConvBlock conv, LoopNest nest)
    {
        writer.Line("dWeight.Clear();");
        writer.Line("dBias.Clear();");
        Outputs(writer, conv, (x0, w0, y, co) =>
        {
            writer.Line($"{mode.Element} g = dy[{y}];");
            writer.Line($"dBias[{co}] += g;");
            Taps(writer, conv, nest, x0, w0, co, (x, w) => writer.Line($"dWeight[{w}] += g * x[{x}];"));
        });
    }

    public static void EmitInputGradient(SourceWriter writer, KernelMode mode, ConvBlock conv, LoopNest nest)
    {
        writer.Line("dx.Clear();");
        Outputs(writer, conv, (x0, w0, y, co) =>
        {
            writer.Line($"{mode.Element} g = dy[{y}];");
            Taps(writer, conv, nest, x0, w0, co, (x, w) => writer.Line($"dx[{x}] += weight[{w}] * g;"));
        });
    }

    /// <summary>
    /// The output channels one after another, each with its own input channels, and the pixel loops; the
    /// body gets the window's first input index, the first weight of the output channel, the output index
    /// and the output channel.
    /// </summary>
    private static void Outputs(SourceWriter writer, ConvBlock conv, System.Action<Affine, Affine, Affine, Affine> body)
    {
        long first = 0;
        for (int o = 0; o < conv.Output.Channels; o++)
        {
            EquatableArray<int> inputs = conv.Table[o];
            writer.Line($"// output channel {o} sees input channels {string.Join(", ", inputs)}");
            Affine co = o;
            Affine w0 = first;
            if (conv.Output.Plane == 1)
            {
                // No pixel loops to scope the locals of each output channel.
                using (writer.Braces())
                {
                    PixelLoops(writer, conv, (x0, pixel) => body(x0, w0, (co * conv.Output.Plane) + pixel, co));
                }
            }
            else
            {
                PixelLoops(writer, conv, (x0, pixel) => body(x0, w0, (co * conv.Output.Plane) + pixel, co));
            }

            first += (long)inputs.Count * conv.Kernel * conv.Kernel;
        }
    }

    /// <summary>
    /// Loops over the output pixels; the body gets the first input index of the pixel's window (as the
    /// local <c>x0</c>) and the pixel's index within an output channel.
    /// </summary>
    public static void PixelLoops(SourceWriter writer, ConvBlock conv, System.Action<Affine, Affine> body)
    {
        using (writer.For("oy", conv.Output.Height, out Affine oy))
        using (writer.For("ox", conv.Output.Width, out Affine ox))
        {
            Affine x0 = writer.Local("x0", (oy * ((long)conv.Stride * conv.PaddedInput.Width)) + (ox * conv.Stride));
            body(x0, (oy * conv.Output.Width) + ox);
        }
    }

    /// <summary>Taps written out, not looped, in one output channel's body.</summary>
    private static long WrittenTaps(ConvBlock conv, LoopNest nest, Affine co)
    {
        long perChannel = nest.Taps switch
        {
            TapUnroll.All or TapUnroll.Window => (long)conv.Kernel * conv.Kernel,
            TapUnroll.Row => conv.Kernel,
            _ => 1,
        };
        return conv.Table[(int)co.Constant].Count * perChannel;
    }

    /// <summary>The taps of one output channel: those of its row of the connection table, each channel's window as the nest says.</summary>
    private static void Taps(SourceWriter writer, ConvBlock conv, LoopNest nest, Affine x0, Affine w0, Affine co, System.Action<Affine, Affine> tap)
    {
        Shape input = conv.PaddedInput;
        int k = conv.Kernel;

        // Channels are constants here, so a "window" unroll means the whole K×K window of each.
        EquatableArray<int> inputs = conv.Table[(int)co.Constant];
        TapUnroll unroll = nest.Taps == TapUnroll.Window ? TapUnroll.All : nest.Taps;
        for (int j = 0; j < inputs.Count; j++)
        {
            Affine channel = x0 + ((long)inputs[j] * input.Plane);
            Affine kernel = w0 + ((long)j * k * k);
            TapNest.Emit(writer, unroll, 1, k, skipFirst: false, (_, ky, kx) => tap(channel + (ky * input.Width) + kx, kernel + (ky * k) + kx));
        }
    }
}
