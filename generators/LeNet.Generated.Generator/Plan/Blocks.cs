using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

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
/// Its parameter gradients are kept per lane at <see cref="LaneWeight"/> and <see cref="LaneBias"/> of the scratch.
/// </summary>
internal sealed record ConvBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation,
    int Kernel, int Stride, int Padding, Buffer? Padded, TensorPlan Weight, TensorPlan Bias,
    EquatableArray<EquatableArray<int>> Table, int LaneWeight, int LaneBias)
    : Block(Name, Input, Output, In, Out, Activation)
{
    /// <summary>The input as the kernel reads it: padded when <see cref="Padding"/> is not 0.</summary>
    public Shape PaddedInput => new(Input.Channels, Input.Height + (2 * Padding), Input.Width + (2 * Padding));

    /// <summary>What the kernels read: the padded copy, or the input itself.</summary>
    public Buffer Read => Padded ?? In;

    /// <summary>Input-to-output channel connections, each with its own K×K kernel.</summary>
    public int Connections => ConnectionTable.Count(Table, Input.Channels, Output.Channels);

    public bool IsDense => Table.Count == 0;

    public override long MultiplyAdds => (long)Output.Plane * Connections * Kernel * Kernel;
}

/// <summary>
/// Average or max pooling; a trainable average pool has a coefficient and a bias per channel. With padding,
/// the input is first copied into <see cref="Padded"/>, bordered with −∞ (max) or 0 (average).
/// </summary>
/// <param name="CountIncludePad">An average pool with padding divides every window by k² (PyTorch's default), else by the input elements it covers.</param>
/// <param name="InputActivation">
/// The activation fused into the layer that feeds this pool, when this pool's backward kernel applies
/// its derivative (see <see cref="AppliesInputActivationGradient"/>); otherwise <see cref="Activation.None"/>.
/// </param>
internal sealed record PoolBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation,
    bool IsMax, int Kernel, int Stride, TensorPlan? Weight = null, TensorPlan? Bias = null,
    Activation InputActivation = default, int LaneWeight = 0, int LaneBias = 0,
    int Padding = 0, Buffer? Padded = null, bool CountIncludePad = true)
    : Block(Name, Input, Output, In, Out, Activation)
{
    public override long MultiplyAdds => Weight is null ? 0 : Output.Length;

    /// <summary>The input as the kernels read it: padded when <see cref="Padding"/> is not 0.</summary>
    public Shape PaddedInput => new(Input.Channels, Input.Height + (2 * Padding), Input.Width + (2 * Padding));

    /// <summary>What the kernels read: the padded copy, or the input itself.</summary>
    public Buffer Read => Padded ?? In;

    /// <summary>An average pool whose windows each divide by the input elements they cover, which differ at the border.</summary>
    public bool DividesByCovered => !IsMax && Padding > 0 && !CountIncludePad;

    /// <summary>Windows that tile the (padded) input exactly: every element gets its gradient from one window.</summary>
    public bool Tiles => Stride == Kernel && Output.Height * Stride == PaddedInput.Height && Output.Width * Stride == PaddedInput.Width;

    /// <summary>
    /// A plain average pool that tiles writes each input gradient once, so it can multiply in the
    /// feeding layer's activation derivative as it writes, saving a pass over the larger buffer.
    /// </summary>
    public bool AppliesInputActivationGradient => InputActivation != Activation.None;
}

/// <summary>Global average pooling, <c>nn.AdaptiveAvgPool2d(1)</c>: each channel's plane summed in order and divided by its size.</summary>
internal sealed record GlobalAvgPoolBlock(string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation)
    : Block(Name, Input, Output, In, Out, Activation);

/// <summary>A fully connected layer over the flattened input; its ∂W goes straight into the parameter gradients.</summary>
/// <param name="AfterFlatten">A <c>[Flatten]</c> is declared before it, which the summary shows as a line of its own.</param>
internal sealed record LinearBlock(
    string Name, Shape Input, Shape Output, Buffer In, Buffer Out, Activation Activation, TensorPlan Weight, TensorPlan Bias, bool AfterFlatten = false)
    : Block(Name, Input, Output, In, Out, Activation)
{
    public override long MultiplyAdds => (long)Input.Length * Output.Length;
}

/// <summary>
/// <c>nn.Dropout(P)</c>: the training pass multiplies its input by <see cref="Mask"/> (1/(1 − p) or 0 per
/// element, written by the runtime before the pass, all 1 in evaluation) and the backward pass its
/// gradient, in place. Evaluation skips it: its output shares its input's place in the alternating layout.
/// </summary>
/// <param name="Index">Which dropout layer this is, from 0: part of its masks' key.</param>
internal sealed record DropoutBlock(string Name, Shape Input, Buffer In, Buffer Out, Buffer Mask, double P, int Index)
    : Block(Name, Input, Input, In, Out, Activation.None);

/// <summary>
/// <c>nn.BatchNorm2d</c> (<see cref="Spatial"/>) or <c>nn.BatchNorm1d</c>: no kernels of its own. Every pass of a network
/// with batch norms is emitted in segments split at them, and the runtime normalises between segments over all the
/// lane groups of a pass. γ and β are parameters (without <c>affine</c>, none); the running statistics live in the
/// buffers vector from <see cref="Buffers"/>: <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>.
/// </summary>
/// <param name="Index">Which batch norm this is, from 0: the segment it ends.</param>
internal sealed record BatchNormBlock(
    string Name, Shape Input, Buffer In, Buffer Out, bool Spatial, int Channels, int Plane, double Eps, double Momentum,
    TensorPlan? Weight, TensorPlan? Bias, int Index, int Buffers)
    : Block(Name, Input, Input, In, Out, Activation.None);

/// <summary>An activation that could not be fused into a preceding layer (first layer, or after another activation).</summary>
internal sealed record ActivationBlock(string Name, Shape Input, Buffer In, Buffer Out, Activation Activation)
    : Block(Name, Input, Input, In, Out, Activation);
