using System.Collections.Immutable;
using System.Threading;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

/// <summary>
/// Stage 3: turns a valid model into numbers the emitter writes as literals: layer names,
/// parameter offsets in <c>state_dict</c> order, the workspace buffer layout, which activation is
/// fused into which layer, and how much of each window is emitted straight-line.
/// </summary>
internal static class Planner
{
    /// <summary>
    /// Taps emitted straight-line per window. Straight-line code beyond roughly a thousand
    /// multiply-adds per method pushes RyuJIT into MinOpts (PERFORMANCE.md, finding 4); windows up
    /// to this size stay far below that, and larger ones keep their outer tap loops.
    /// </summary>
    public const int MaxStraightLineTaps = 64;

    /// <summary>Straight-line taps in one kernel method when a connection table unrolls its output channels.</summary>
    public const int MaxStraightLineTapsPerMethod = 512;

    public static NetworkPlan Plan(NetworkModel model, CancellationToken cancellationToken)
    {
        var tensors = ImmutableArray.CreateBuilder<TensorPlan>();
        var blocks = ImmutableArray.CreateBuilder<Block>();
        var names = new LayerNames();
        int workspace = 0;
        int parameters = 0;

        Buffer Allocate(int length)
        {
            var buffer = new Buffer(workspace, length);
            workspace += length;
            return buffer;
        }

        TensorPlan Tensor(string name, int fanIn, int[] shape, TensorInit init = TensorInit.Uniform)
        {
            var tensor = new TensorPlan(name, parameters, shape.ToEquatableArray(), fanIn, init);
            parameters += tensor.Length;
            tensors.Add(tensor);
            return tensor;
        }

        Buffer input = Allocate(model.Input.Length);
        Buffer current = input;
        EquatableArray<Layer> layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Layer layer = layers[i];

            // An activation right after a layer is fused into that layer's output; its derivative
            // needs only that output. Another activation after it keeps its own buffer.
            Activation fused = Activation.None;
            if (layer is not ActivationLayer && i + 1 < layers.Count && layers[i + 1] is ActivationLayer next)
            {
                fused = next.Kind;
                i++;
            }

            Block block;
            switch (layer)
            {
                case Conv2dLayer conv:
                {
                    string name = names.Next(LayerKind.Conv2d);
                    int k = conv.Kernel;

                    // With a connection table the fan-in differs by output channel; the mean is the bound's basis.
                    int fanIn = (int)System.Math.Round((double)conv.Connections * k * k / conv.Output.Channels);
                    Buffer? padded = conv.Padding == 0 ? null
                        : Allocate(conv.Input.Channels * (conv.Input.Height + (2 * conv.Padding)) * (conv.Input.Width + (2 * conv.Padding)));
                    TensorPlan weight = Tensor(name + ".weight", fanIn, conv.Table.Count == 0 ? [conv.Output.Channels, conv.Input.Channels, k, k] : [conv.Connections, k, k]);
                    TensorPlan bias = Tensor(name + ".bias", fanIn, [conv.Output.Channels]);
                    block = new ConvBlock(
                        name, conv.Input, conv.Output, current, Allocate(conv.Output.Length), fused,
                        k, conv.Stride, conv.Padding, padded, weight, bias, ConvUnroll(conv), conv.Table,
                        conv.Table.Count == 0 ? Tile(conv.Input, conv.Output, conv.Kernel) : null);
                    break;
                }

                case PoolLayer pool:
                {
                    string name = names.Next(LayerKind.AvgPool2d);
                    int channels = pool.Output.Channels;
                    TensorPlan? weight = pool.Trainable ? Tensor(name + ".weight", 1, [channels], TensorInit.Ones) : null;
                    TensorPlan? bias = pool.Trainable ? Tensor(name + ".bias", 1, [channels], TensorInit.Zeros) : null;
                    block = new PoolBlock(
                        name, pool.Input, pool.Output, current, Allocate(pool.Output.Length), fused,
                        pool.IsMax, pool.Kernel, pool.Stride, WindowUnroll(pool.Kernel), weight, bias);
                    break;
                }

                case LinearLayer linear:
                {
                    string name = names.Next(LayerKind.Linear);
                    TensorPlan weight = Tensor(name + ".weight", linear.Input.Length, [linear.Output.Length, linear.Input.Length]);
                    TensorPlan bias = Tensor(name + ".bias", linear.Input.Length, [linear.Output.Length]);
                    block = new LinearBlock(name, linear.Input, linear.Output, current, Allocate(linear.Output.Length), fused, weight, bias);
                    break;
                }

                default:
                {
                    var activation = (ActivationLayer)layer;
                    block = new ActivationBlock(names.Next(LayerKind.Tanh), activation.Input, current, Allocate(activation.Input.Length), activation.Kind);
                    break;
                }
            }

            // A plain tiling average pool applies the derivative of the activation fused into the layer before it.
            if (block is PoolBlock { IsMax: false, Weight: null, Tiles: true } plain
                && blocks.Count > 0 && blocks[blocks.Count - 1] is { Activation: not Activation.None } feeding and not ActivationBlock)
            {
                block = plain with { InputActivation = feeding.Activation };
            }

            blocks.Add(block);
            current = block.Out;
        }

        return new NetworkPlan(model.Type, model.Scalar, model.Input, input, workspace, tensors.ToEquatableArray(), blocks.ToEquatableArray());
    }

    /// <summary>
    /// A dense convolution straight-lines a whole window when it is small, else one channel's K×K window.
    /// With a connection table the output channels are emitted one after another, each with its own
    /// input channels as constants, so the taps of all of them land in one method: keep only rows
    /// straight-line once that total would pass the limit.
    /// </summary>
    private static TapUnroll ConvUnroll(Conv2dLayer conv)
    {
        int window = conv.Kernel * conv.Kernel;
        if (conv.Table.Count > 0)
        {
            return (long)conv.Connections * window <= MaxStraightLineTapsPerMethod ? TapUnroll.Window
                : (long)conv.Connections * conv.Kernel <= MaxStraightLineTapsPerMethod ? TapUnroll.Row
                : TapUnroll.None;
        }

        return conv.Input.Channels * window <= MaxStraightLineTaps ? TapUnroll.All : WindowUnroll(conv.Kernel);
    }

    /// <summary>
    /// Vector accumulators one register tile may hold. 20 is what won on this machine's 32 vector
    /// registers (conv2 forward 4 channels × 5 pixels, ∂W 4 channels × 5 taps; PERFORMANCE.md); fewer
    /// leaves loads as the bound, more spills.
    /// </summary>
    public const int TileAccumulators = 20;

    /// <summary>Output pixels per forward tile at most: beyond that the loaded inputs crowd out the sums.</summary>
    public const int MaxTilePixels = 5;

    /// <summary>Multiply-adds a forward tile writes out straight-line at most (PERFORMANCE.md, finding 4).</summary>
    public const int MaxTileStraightLine = 512;

    /// <summary>
    /// The lane kernels' register tiles, from the shapes: as many output channels as divide the
    /// channel count (up to 6), then as many adjacent pixels of a row as divide its width and fit.
    /// </summary>
    public static ConvTile Tile(Shape input, Shape output, int kernel)
    {
        int channels = LargestDivisor(output.Channels, 6);
        int pixels = LargestDivisor(output.Width, System.Math.Max(1, System.Math.Min(MaxTilePixels, TileAccumulators / channels)));
        int weightChannels = LargestDivisor(output.Channels, System.Math.Max(1, TileAccumulators / kernel));
        int tile = channels * pixels;
        int window = kernel * kernel;
        TapUnroll taps =
            (long)input.Channels * window * tile <= MaxTileStraightLine ? TapUnroll.All
            : (long)window * tile <= MaxTileStraightLine ? TapUnroll.Window
            : (long)kernel * tile <= MaxTileStraightLine ? TapUnroll.Row
            : TapUnroll.None;
        return new ConvTile(channels, pixels, weightChannels, taps);
    }

    /// <summary>The largest divisor of <paramref name="n"/> that is at most <paramref name="limit"/>.</summary>
    public static int LargestDivisor(int n, int limit)
    {
        for (int d = System.Math.Min(n, limit); d > 1; d--)
        {
            if (n % d == 0)
            {
                return d;
            }
        }

        return 1;
    }

    private static TapUnroll WindowUnroll(int kernel) =>
        kernel * kernel <= MaxStraightLineTaps ? TapUnroll.Window
        : kernel <= MaxStraightLineTaps ? TapUnroll.Row
        : TapUnroll.None;
}
