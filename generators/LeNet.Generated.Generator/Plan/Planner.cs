using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

/// <summary>
/// Stage 3: turns a valid model into numbers the emitter writes as literals: layer names, parameter
/// offsets in <c>state_dict</c> order, which activation is fused into which layer, where every buffer
/// lives in both workspace layouts, and (through <see cref="Scheduler"/>) every kernel's schedule.
/// </summary>
internal static class Planner
{
    public static NetworkPlan Plan(NetworkModel model, CancellationToken cancellationToken)
    {
        // An activation right after a layer is fused into that layer's output; its derivative needs only
        // that output. Another activation after it keeps its own buffer, as does one after a dropout or a batch norm
        // (which the runtime computes between the generated segments of a pass).
        var steps = new List<(Layer Layer, Activation Fused)>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            Layer layer = model.Layers[i];
            Activation fused = Activation.None;
            if (layer is not (ActivationLayer or DropoutLayer or BatchNormLayer) && i + 1 < model.Layers.Count && model.Layers[i + 1] is ActivationLayer next)
            {
                fused = next.Kind;
                i++;
            }

            steps.Add((layer, fused));
        }

        Queue<Buffer> buffers = Buffers(model.Input, steps);
        Buffer input = buffers.Dequeue();
        var tensors = ImmutableArray.CreateBuilder<TensorPlan>();
        var blocks = ImmutableArray.CreateBuilder<Block>();
        var names = new LayerNames();
        int parameters = 0;
        int laneGradients = 0;
        int dropouts = 0;
        int batchNorms = 0;
        int bufferElements = 0;

        TensorPlan Tensor(string name, int fanIn, int[] shape, TensorInit init = TensorInit.Uniform)
        {
            var tensor = new TensorPlan(name, parameters, shape.ToEquatableArray(), fanIn, init);
            parameters += tensor.Length;
            tensors.Add(tensor);
            return tensor;
        }

        int LaneGradient(TensorPlan tensor)
        {
            int offset = laneGradients;
            laneGradients += tensor.Length;
            return offset;
        }

        Buffer current = input;
        foreach ((Layer layer, Activation fused) in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Block block;
            switch (layer)
            {
                case Conv2dLayer conv:
                {
                    string name = names.Next(LayerKind.Conv2d);
                    int k = conv.Kernel;

                    // With a connection table the fan-in differs by output channel; the mean is the bound's basis.
                    int fanIn = (int)System.Math.Round((double)conv.Connections * k * k / conv.Output.Channels);
                    Buffer? padded = conv.Padding == 0 ? null : buffers.Dequeue();
                    TensorPlan weight = Tensor(name + ".weight", fanIn, conv.Table.Count == 0 ? [conv.Output.Channels, conv.Input.Channels, k, k] : [conv.Connections, k, k]);
                    TensorPlan bias = Tensor(name + ".bias", fanIn, [conv.Output.Channels]);
                    block = new ConvBlock(
                        name, conv.Input, conv.Output, current, buffers.Dequeue(), fused,
                        k, conv.Stride, conv.Padding, padded, weight, bias, conv.Table, LaneGradient(weight), LaneGradient(bias));
                    break;
                }

                case PoolLayer pool:
                {
                    string name = names.Next(LayerKind.AvgPool2d);
                    int channels = pool.Output.Channels;
                    TensorPlan? weight = pool.Trainable ? Tensor(name + ".weight", 1, [channels], TensorInit.Ones) : null;
                    TensorPlan? bias = pool.Trainable ? Tensor(name + ".bias", 1, [channels], TensorInit.Zeros) : null;
                    Buffer? padded = pool.Padding == 0 ? null : buffers.Dequeue();
                    block = new PoolBlock(
                        name, pool.Input, pool.Output, current, buffers.Dequeue(), fused, pool.IsMax, pool.Kernel, pool.Stride, weight, bias,
                        LaneWeight: weight is null ? 0 : LaneGradient(weight), LaneBias: bias is null ? 0 : LaneGradient(bias),
                        Padding: pool.Padding, Padded: padded, CountIncludePad: pool.CountIncludePad);
                    break;
                }

                case GlobalAvgPoolLayer global:
                    block = new GlobalAvgPoolBlock(names.Next(LayerKind.AdaptiveAvgPool2d), global.Input, global.Output, current, buffers.Dequeue(), fused);
                    break;

                case LinearLayer linear:
                {
                    string name = names.Next(LayerKind.Linear);
                    TensorPlan weight = Tensor(name + ".weight", linear.Input.Length, [linear.Output.Length, linear.Input.Length]);
                    TensorPlan bias = Tensor(name + ".bias", linear.Input.Length, [linear.Output.Length]);
                    block = new LinearBlock(name, linear.Input, linear.Output, current, buffers.Dequeue(), fused, weight, bias, linear.AfterFlatten);
                    break;
                }

                case DropoutLayer dropout:
                {
                    Buffer output = buffers.Dequeue();
                    block = new DropoutBlock(names.Next(LayerKind.Dropout), dropout.Input, current, output, buffers.Dequeue(), dropout.P, dropouts++);
                    break;
                }

                case BatchNormLayer norm:
                {
                    string name = names.Next(norm.Spatial ? LayerKind.BatchNorm2d : LayerKind.BatchNorm1d);
                    TensorPlan? weight = norm.Affine ? Tensor(name + ".weight", 1, [norm.Channels], TensorInit.Ones) : null;
                    TensorPlan? bias = norm.Affine ? Tensor(name + ".bias", 1, [norm.Channels], TensorInit.Zeros) : null;
                    block = new BatchNormBlock(name, norm.Input, current, buffers.Dequeue(), norm.Spatial, norm.Channels, norm.Plane, norm.Eps, norm.Momentum, weight, bias, batchNorms++, bufferElements);
                    bufferElements += (2 * norm.Channels) + 1;
                    break;
                }

                default:
                {
                    var activation = (ActivationLayer)layer;
                    block = new ActivationBlock(names.Next(LayerKind.Tanh), activation.Input, current, buffers.Dequeue(), activation.Kind);
                    break;
                }
            }

            // A plain tiling average pool applies the derivative of the activation fused into the layer before it.
            if (block is PoolBlock { IsMax: false, Weight: null, Tiles: true, Padding: 0 } plain
                && blocks.Count > 0 && blocks[blocks.Count - 1] is { Activation.IsNone: false } feeding and not ActivationBlock)
            {
                block = plain with { InputActivation = feeding.Activation };
            }

            blocks.Add(block);
            current = block.Out;
        }

        EquatableArray<Block> planned = blocks.ToEquatableArray();
        EquatableArray<LaneGradientRun> runs = Runs(planned);
        int rows = 0;
        int imageScratch = 0;
        foreach (Block block in planned)
        {
            rows = System.Math.Max(rows, block is LinearBlock linear ? linear.Input.Length : 0);
        }

        var profiles = ImmutableArray.CreateBuilder<ProfilePlan>();
        foreach (Profile profile in Profile.All)
        {
            var schedules = ImmutableArray.CreateBuilder<BlockSchedule>();
            foreach (Block block in planned)
            {
                BlockSchedule schedule = Scheduler.Schedule(block, profile, model.Scalar);
                schedules.Add(schedule);
                if (schedule.Image is ImageConvChannels && block is ConvBlock conv)
                {
                    imageScratch = System.Math.Max(imageScratch, ImageConvChannels.ScratchLength(conv));
                }
            }

            profiles.Add(new ProfilePlan(profile, schedules.ToEquatableArray()));
        }

        int kept = 0;
        foreach (Block block in planned)
        {
            Buffer end = block is DropoutBlock dropout ? dropout.Mask : block.Out;
            kept = System.Math.Max(kept, end.Kept + end.Length);
        }

        return new NetworkPlan(
            model.Type, model.Scalar, model.Input, input,
            KeptLength: kept,
            AlternatingLength: AlternatingLength(planned, input),
            ImageScratchLength: imageScratch,
            LaneScratchLength: laneGradients + rows,
            tensors.ToEquatableArray(), planned, runs, profiles.ToEquatableArray(), model.Loss);
    }

    /// <summary>
    /// Every buffer in forward order (the input, then each block's padded copy and output, and a dropout's
    /// mask after its output) with its offsets: one after another when every buffer is kept, and
    /// alternating between two regions (even buffers in the first, odd in the second, each region as large
    /// as its largest) otherwise, so a layer never reads and writes the same region. A dropout's output
    /// takes its input's place in the alternating layout, where evaluation skips it and its gradient is
    /// computed in place; its mask is only kept.
    /// </summary>
    private static Queue<Buffer> Buffers(Shape input, List<(Layer Layer, Activation Fused)> steps)
    {
        var lengths = new List<(int Length, bool Dropout)> { (input.Length, false) };
        foreach ((Layer layer, _) in steps)
        {
            if (layer is Conv2dLayer { Padding: > 0 } padded)
            {
                lengths.Add((padded.Input.Channels * (padded.Input.Height + (2 * padded.Padding)) * (padded.Input.Width + (2 * padded.Padding)), false));
            }
            else if (layer is PoolLayer { Padding: > 0 } pool)
            {
                lengths.Add((pool.Input.Channels * (pool.Input.Height + (2 * pool.Padding)) * (pool.Input.Width + (2 * pool.Padding)), false));
            }

            lengths.Add((layer.Output.Length, layer is DropoutLayer));
        }

        int even = 0;
        int position = 0;
        foreach ((int length, bool dropout) in lengths)
        {
            if (!dropout)
            {
                even = position % 2 == 0 ? System.Math.Max(even, length) : even;
                position++;
            }
        }

        var buffers = new Queue<Buffer>();
        int kept = 0;
        int alternating = 0;
        position = 0;
        foreach ((int length, bool dropout) in lengths)
        {
            if (dropout)
            {
                buffers.Enqueue(new Buffer(length, kept, alternating));
                buffers.Enqueue(new Buffer(length, kept + length, alternating));
                kept += 2 * length;
                continue;
            }

            alternating = position++ % 2 == 0 ? 0 : even;
            buffers.Enqueue(new Buffer(length, kept, alternating));
            kept += length;
        }

        return buffers;
    }

    /// <summary>The end of the alternating layout's second region (or of the first, if it is longer).</summary>
    private static int AlternatingLength(EquatableArray<Block> blocks, Buffer input)
    {
        int end = input.Alternating + input.Length;
        foreach (Block block in blocks)
        {
            end = System.Math.Max(end, block.Out.Alternating + block.Out.Length);
            if (((block as ConvBlock)?.Padded ?? (block as PoolBlock)?.Padded) is { } padded)
            {
                end = System.Math.Max(end, padded.Alternating + padded.Length);
            }
        }

        return end;
    }

    /// <summary>Runs of per-lane parameter gradients that are contiguous in the parameter vector (and so in the scratch).</summary>
    internal static EquatableArray<LaneGradientRun> Runs(EquatableArray<Block> blocks)
    {
        var runs = new List<LaneGradientRun>();
        void Add(TensorPlan tensor, int scratch)
        {
            if (runs.Count > 0 && runs[runs.Count - 1] is var last && last.Parameter + last.Length == tensor.Offset && last.Scratch + last.Length == scratch)
            {
                runs[runs.Count - 1] = last with { Length = last.Length + tensor.Length };
            }
            else
            {
                runs.Add(new LaneGradientRun(scratch, tensor.Offset, tensor.Length));
            }
        }

        foreach (Block block in blocks)
        {
            switch (block)
            {
                case ConvBlock conv:
                    Add(conv.Weight, conv.LaneWeight);
                    Add(conv.Bias, conv.LaneBias);
                    break;
                case PoolBlock { Weight: { } weight, Bias: { } bias } pool:
                    Add(weight, pool.LaneWeight);
                    Add(bias, pool.LaneBias);
                    break;
            }
        }

        return runs.ToEquatableArray();
    }
}
