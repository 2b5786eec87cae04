using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

/// <summary>A slice of a workspace's activation array (and the same slice of its gradient array).</summary>
internal sealed record Buffer(int Offset, int Length);

/// <summary>A parameter tensor in the flat parameter vector, named as PyTorch's <c>state_dict</c>.</summary>
/// <param name="Name">"conv1.weight".</param>
/// <param name="Offset">First element in the flat vector.</param>
/// <param name="Shape">PyTorch shape, e.g. [6, 1, 5, 5].</param>
/// <param name="FanIn">Inputs per output; PyTorch's default initialisation bound is 1/√FanIn.</param>
/// <param name="Init">How <c>ResetParameters</c> fills it.</param>
internal sealed record TensorPlan(string Name, int Offset, EquatableArray<int> Shape, int FanIn, TensorInit Init = TensorInit.Uniform)
{
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int size in Shape)
            {
                length *= size;
            }

            return length;
        }
    }
}

/// <summary>How a parameter tensor is initialised.</summary>
internal enum TensorInit
{
    /// <summary>U(−1/√fan_in, 1/√fan_in), PyTorch's default for <c>Conv2d</c> and <c>Linear</c>.</summary>
    Uniform,

    /// <summary>All ones: a trainable pool's coefficient starts as plain averaging.</summary>
    Ones,

    /// <summary>All zeros.</summary>
    Zeros,
}

/// <summary>
/// Register tiles of a dense convolution's lane kernels: the forward pass keeps
/// <see cref="Channels"/> output channels × <see cref="Pixels"/> adjacent output pixels in registers,
/// so each loaded input vector feeds <see cref="Channels"/> multiply-adds and each broadcast weight
/// <see cref="Pixels"/>; ∂W keeps <see cref="WeightChannels"/> output channels × a kernel row of taps.
/// <see cref="Taps"/> says how much of the window the forward tile writes out straight-line.
/// </summary>
internal sealed record ConvTile(int Channels, int Pixels, int WeightChannels, TapUnroll Taps);

/// <summary>How much of a window of taps (input channel × kernel rows × kernel columns) is emitted straight-line.</summary>
internal enum TapUnroll
{
    /// <summary>Every tap of every input channel straight-line.</summary>
    All,

    /// <summary>A loop over input channels around a straight-line K×K window.</summary>
    Window,

    /// <summary>Loops over input channels and kernel rows around a straight-line row of K taps.</summary>
    Row,

    /// <summary>Loops over all three; only the tap body is emitted once.</summary>
    None,
}

/// <summary>
/// One step of the forward pass as the emitter writes it: a named layer reading <see cref="In"/> and
/// writing <see cref="Out"/>, with the activation that follows it fused into its output.
/// </summary>
internal abstract record Block(string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation)
{
    /// <summary>Multiply-adds of this block's forward pass for one image.</summary>
    public virtual long MultiplyAdds => 0;
}

/// <summary>
/// A convolution; with padding, the input is first copied into the zero-bordered <see cref="Padded"/>
/// buffer. With a connection <see cref="Table"/>, output channel o reads only the input channels
/// <c>Table[o]</c> and the weight holds one K×K kernel per connection, grouped by output channel.
/// A dense convolution's lane kernels use the register <see cref="Tile"/> (null with a table).
/// </summary>
internal sealed record ConvBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation,
    int Kernel, int Stride, int Padding, Buffer? Padded, TensorPlan Weight, TensorPlan Bias, TapUnroll Unroll,
    EquatableArray<EquatableArray<int>> Table, ConvTile? Tile)
    : Block(Name, Input, Output, In, Out, Activation)
{
    /// <summary>The input as the kernel reads it: padded when <see cref="Padding"/> is not 0.</summary>
    public Shape PaddedInput => new(Input.Channels, Input.Height + (2 * Padding), Input.Width + (2 * Padding));

    /// <summary>Input-to-output channel connections, each with its own K×K kernel.</summary>
    public int Connections => ConnectionTable.Count(Table, Input.Channels, Output.Channels);

    public override long MultiplyAdds => (long)Output.Plane * Connections * Kernel * Kernel;
}

/// <summary>Average or max pooling; a trainable average pool has a coefficient and a bias per channel.</summary>
/// <param name="InputActivation">
/// The activation fused into the layer that feeds this pool, when this pool's backward kernel applies
/// its derivative (see <see cref="AppliesInputActivationGradient"/>); otherwise <see cref="Activation.None"/>.
/// </param>
internal sealed record PoolBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation,
    bool IsMax, int Kernel, int Stride, TapUnroll Unroll, TensorPlan? Weight = null, TensorPlan? Bias = null,
    Activation InputActivation = Activation.None)
    : Block(Name, Input, Output, In, Out, Activation)
{
    public override long MultiplyAdds => Weight is null ? 0 : Output.Length;

    /// <summary>Windows that tile the input exactly: every input element gets its gradient from one window.</summary>
    public bool Tiles => Stride == Kernel && Output.Height * Stride == Input.Height && Output.Width * Stride == Input.Width;

    /// <summary>
    /// A plain average pool that tiles writes each input gradient once, so it can multiply in the
    /// feeding layer's activation derivative as it writes, saving a pass over the larger buffer.
    /// </summary>
    public bool AppliesInputActivationGradient => InputActivation != Activation.None;
}

/// <summary>A fully connected layer over the flattened input.</summary>
internal sealed record LinearBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation, TensorPlan Weight, TensorPlan Bias)
    : Block(Name, Input, Output, In, Out, Activation)
{
    public override long MultiplyAdds => (long)Input.Length * Output.Length;
}

/// <summary>An activation that could not be fused into a preceding layer (first layer, or after another activation).</summary>
internal sealed record ActivationBlock(string Name, Shape Input, Buffer In, Buffer Out, Activation Activation)
    : Block(Name, Input, Input, In, Out, Activation);

/// <summary>Everything the emitter needs: names, offsets, buffer layout and unroll decisions, all resolved to numbers.</summary>
/// <param name="Type">Where to emit.</param>
/// <param name="Scalar">Element type.</param>
/// <param name="Input">Input shape.</param>
/// <param name="InputBuffer">Where a workspace keeps the current input image.</param>
/// <param name="WorkspaceLength">Length of a workspace's activation (and activation-gradient) array.</param>
/// <param name="Tensors">Parameter tensors in <c>state_dict</c> order.</param>
/// <param name="Blocks">Forward steps in order.</param>
internal sealed record NetworkPlan(
    TypeDeclaration Type,
    ScalarType Scalar,
    Shape Input,
    Buffer InputBuffer,
    int WorkspaceLength,
    EquatableArray<TensorPlan> Tensors,
    EquatableArray<Block> Blocks)
{
    public Block Last => Blocks[Blocks.Count - 1];

    public int OutputLength => Last.Output.Length;

    /// <summary>
    /// Whether block <paramref name="index"/> has a fused activation whose derivative needs a backward
    /// kernel of its own, rather than being applied by the pool after it.
    /// </summary>
    public bool HasActivationBackward(int index) =>
        Blocks[index] is not ActivationBlock && Blocks[index].Activation != Activation.None
        && !(index + 1 < Blocks.Count && Blocks[index + 1] is PoolBlock { AppliesInputActivationGradient: true });

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
