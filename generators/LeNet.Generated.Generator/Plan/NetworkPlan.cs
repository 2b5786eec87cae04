using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

/// <summary>Everything the emitter needs: names, offsets, buffer layouts and kernel schedules, all resolved to numbers.</summary>
/// <param name="Type">Where to emit.</param>
/// <param name="Scalar">Element type.</param>
/// <param name="Input">Input shape.</param>
/// <param name="InputBuffer">Where a pass reads the input image.</param>
/// <param name="KeptLength">Elements per image when every activation is kept (training).</param>
/// <param name="AlternatingLength">Elements per image in two alternating regions (evaluation, activation gradients).</param>
/// <param name="ImageScratchLength">Elements the per-image kernels take beyond the alternating regions.</param>
/// <param name="LaneScratchLength">Elements per lane of the backward pass's scratch: per-lane parameter gradients, then the transposed inputs of the linear layers.</param>
/// <param name="Tensors">Parameter tensors in <c>state_dict</c> order.</param>
/// <param name="Blocks">Forward steps in order.</param>
/// <param name="LaneGradients">Runs of parameters whose gradients are kept per lane.</param>
/// <param name="Profiles">The kernel schedules for each profile, widest first.</param>
/// <param name="Loss">The loss the network trains with.</param>
internal sealed record NetworkPlan(
    TypeDeclaration Type,
    ScalarType Scalar,
    Shape Input,
    Buffer InputBuffer,
    int KeptLength,
    int AlternatingLength,
    int ImageScratchLength,
    int LaneScratchLength,
    EquatableArray<TensorPlan> Tensors,
    EquatableArray<Block> Blocks,
    EquatableArray<LaneGradientRun> LaneGradients,
    EquatableArray<ProfilePlan> Profiles,
    LossKind Loss = LossKind.CrossEntropy)
{
    public Block Last => Blocks[Blocks.Count - 1];

    public int OutputLength => Last.Output.Length;

    /// <summary>Where the transposed inputs of a linear layer's ∂W start in the backward pass's scratch, per lane.</summary>
    public int RowsScratch
    {
        get
        {
            int end = 0;
            foreach (LaneGradientRun run in LaneGradients)
            {
                end = System.Math.Max(end, run.Scratch + run.Length);
            }

            return end;
        }
    }

    /// <summary>
    /// Whether block <paramref name="index"/> has a fused activation whose derivative needs a backward
    /// kernel of its own, rather than being applied by the pool after it.
    /// </summary>
    public bool HasActivationBackward(int index) =>
        Blocks[index] is not ActivationBlock && Blocks[index].Activation != Activation.None
        && !(index + 1 < Blocks.Count && Blocks[index + 1] is PoolBlock { AppliesInputActivationGradient: true });

    /// <summary>The batch norms in order; a network with any runs its passes in segments split at them.</summary>
    public System.Collections.Generic.List<BatchNormBlock> BatchNorms
    {
        get
        {
            var norms = new System.Collections.Generic.List<BatchNormBlock>();
            foreach (Block block in Blocks)
            {
                if (block is BatchNormBlock norm)
                {
                    norms.Add(norm);
                }
            }

            return norms;
        }
    }

    /// <summary>Elements of the buffers vector: each batch norm's running mean and variance, and its count of batches.</summary>
    public int BufferCount
    {
        get
        {
            int count = 0;
            foreach (BatchNormBlock norm in BatchNorms)
            {
                count += (2 * norm.Channels) + 1;
            }

            return count;
        }
    }

    /// <summary>The blocks of segment <paramref name="segment"/>: those between batch norm segment − 1 and batch norm segment, as indices.</summary>
    public (int Start, int End) Segment(int segment)
    {
        int start = 0, found = 0;
        for (int i = 0; i < Blocks.Count; i++)
        {
            if (Blocks[i] is BatchNormBlock)
            {
                if (found == segment)
                {
                    return (start, i);
                }

                found++;
                start = i + 1;
            }
        }

        return (start, Blocks.Count);
    }

    public int ParameterCount
    {
        get
        {
            int count = 0;
            foreach (TensorPlan tensor in Tensors)
            {
                count += tensor.Length;
            }

            return count;
        }
    }

    public long MultiplyAdds
    {
        get
        {
            long total = 0;
            foreach (Block block in Blocks)
            {
                total += block.MultiplyAdds;
            }

            return total;
        }
    }
}

/// <summary>The schedule of every block for one profile, in block order.</summary>
internal sealed record ProfilePlan(Profile Profile, EquatableArray<BlockSchedule> Blocks);
