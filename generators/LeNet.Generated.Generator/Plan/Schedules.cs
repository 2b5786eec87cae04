namespace LeNet.Generated.Generator.Plan;

/// <summary>How much of a window of taps (input channel × kernel rows × kernel columns) is written out straight-line.</summary>
internal enum TapUnroll
{
    /// <summary>Every tap of every input channel straight-line.</summary>
    All,

    /// <summary>A loop over input channels around a straight-line K×K window.</summary>
    Window,

    /// <summary>Loops over input channels and kernel rows around a straight-line row of K taps.</summary>
    Row,

    /// <summary>Loops over all three; only the tap body is written once.</summary>
    None,
}

/// <summary>
/// How one kernel is written for one profile: its register tile and what is straight-line. The planner
/// decides it from the shapes and the profile; the emitters read nothing else, and each kernel's doc
/// comment states it (<see cref="Describe"/>).
/// </summary>
internal abstract record KernelSchedule
{
    /// <summary>Vector accumulators the kernel keeps in registers.</summary>
    public abstract int Accumulators { get; }

    /// <summary>One line for the kernel's doc comment and the schedule report.</summary>
    public abstract string Describe();

    protected static string Straight(TapUnroll unroll) => unroll switch
    {
        TapUnroll.All => "every tap straight-line",
        TapUnroll.Window => "a loop over input channels around a straight-line window",
        TapUnroll.Row => "loops over input channels and kernel rows around a straight-line row",
        _ => "loops over every tap",
    };
}

/// <summary>A dense convolution's forward tile: output channels × adjacent output pixels of a row.</summary>
internal sealed record ConvForwardTile(int Channels, int Pixels, TapUnroll Taps) : KernelSchedule
{
    public override int Accumulators => Channels * Pixels;

    public override string Describe() => $"tile {Channels} output channels x {Pixels} pixels ({Accumulators} accumulators), {Straight(Taps)}";
}

/// <summary>A dense convolution's ∂W tile: output channels × one kernel row of taps, summed over every output pixel.</summary>
internal sealed record ConvWeightTile(int Channels, int Kernel) : KernelSchedule
{
    public override int Accumulators => Channels * Kernel;

    public override string Describe() => $"tile {Channels} output channels x {Kernel} taps of a kernel row ({Accumulators} accumulators), summed over every output pixel";
}

/// <summary>
/// A dense stride-1 convolution's ∂x tile: input channels × the P + K − 1 elements of a ∂x row that P
/// adjacent output pixels reach. <see cref="Pixels"/> is the same for every profile, so every profile
/// adds the same terms to each ∂x element in the same order.
/// </summary>
internal sealed record ConvInputRowsTile(int Channels, int Pixels, int Kernel) : KernelSchedule
{
    public int Reach => Pixels + Kernel - 1;

    public override int Accumulators => Channels * Reach;

    public override string Describe() => $"tile {Channels} input channels x {Reach} elements of a row, reached by {Pixels} output pixels ({Accumulators} accumulators)";
}

/// <summary>A dense strided convolution's ∂x: a tile of output channels summed before each read-modify-write of ∂x.</summary>
internal sealed record ConvInputChannelsTile(int Channels, TapUnroll Taps) : KernelSchedule
{
    public override int Accumulators => 1;

    public override string Describe() => $"{Channels} output channels per read-modify-write of dx, {Straight(Taps)}";
}

/// <summary>
/// A kernel written as its loop nest, one output (forward) or one output's taps (backward) at a time,
/// for convolutions with a connection table: each output channel's input channels are constants.
/// </summary>
internal sealed record LoopNest(TapUnroll Taps, int Sums = 1) : KernelSchedule
{
    public override int Accumulators => Sums;

    public override string Describe() => $"loop nest, {Straight(Taps)}" + (Sums > 1 ? $", taps dealt round-robin to {Sums} sums" : string.Empty);
}

/// <summary>A pooling kernel: a loop over windows, each window's taps as the unroll says.</summary>
internal sealed record PoolWindows(TapUnroll Taps) : KernelSchedule
{
    public override int Accumulators => 1;

    public override string Describe() => $"a loop over windows, {Straight(Taps)}";
}

/// <summary>A fully connected layer's tile: output rows (forward), inputs (∂x), or rows × vectors of inputs (∂W).</summary>
/// <param name="Rows">Output rows, or inputs for ∂x.</param>
/// <param name="Columns">Vectors along the inputs (∂W), else 1.</param>
/// <param name="Unit">What <paramref name="Rows"/> counts.</param>
internal sealed record LinearTile(int Rows, int Columns = 1, string Unit = "output rows") : KernelSchedule
{
    public override int Accumulators => Rows * Columns;

    public override string Describe() => Columns == 1
        ? $"tile {Rows} {Unit} ({Rows} accumulators), a loop over the rest"
        : $"tile {Rows} {Unit} x {Columns} vectors of inputs ({Accumulators} accumulators), images one after another";
}

/// <summary>
/// A per-image convolution with consecutive output pixels of a row in the lanes: a tile of output
/// channels × output rows, the row's last vector moved back to end at the row's end.
/// </summary>
internal sealed record ImageConvRows(int Channels, int Rows) : KernelSchedule
{
    public override int Accumulators => Channels * Rows;

    public override string Describe() => $"one image, output x in the lanes, tile {Channels} output channels x {Rows} rows ({Accumulators} accumulators)";
}

/// <summary>A per-image convolution with the output channels in the lanes: a tile of pixels × every channel vector.</summary>
internal sealed record ImageConvChannels(int Pixels, int Vectors) : KernelSchedule
{
    public override int Accumulators => Pixels * Vectors;

    public override string Describe() => $"one image, output channels in the lanes, tile {Pixels} pixels x {Vectors} channel vectors ({Accumulators} accumulators), weights transposed first";

    /// <summary>Elements of scratch the kernel for <paramref name="conv"/> takes: its weights transposed, then its output pixel-major.</summary>
    public static int ScratchLength(ConvBlock conv) =>
        (conv.Output.Channels * conv.PaddedInput.Channels * conv.Kernel * conv.Kernel) + conv.Output.Length;
}

/// <summary>A per-image fully connected layer (or a convolution that sees its whole input): dot products along the input, rows at a time.</summary>
internal sealed record ImageDot(int Rows) : KernelSchedule
{
    public override int Accumulators => Rows;

    public override string Describe() => $"one image, dot products along the input, {Rows} rows at a time";
}

/// <summary>
/// A 2×2 average pool of one float image with even height and width, at a vector profile, with
/// <see cref="Bits"/>-bit vectors (the profile's, or 256-bit ones where a row is narrower than the profile's
/// vector): a vector of a row's inputs gives half a vector of outputs, its even and odd columns permuted
/// apart, each window summed in the scalar kernel's order (the same bits). Other pools of one image run the
/// scalar kernel.
/// </summary>
internal sealed record ImagePool(int Bits) : KernelSchedule
{
    public override int Accumulators => 1;

    public override string Describe() => $"one image, {Bits / 64} outputs of a row per {Bits}-bit vector of inputs, even and odd columns permuted apart";
}

/// <summary>The schedules of one block at one profile; <see cref="Image"/> is null where the per-image pass uses the scalar kernel.</summary>
internal abstract record BlockSchedule(KernelSchedule? Image);

internal sealed record ConvSchedule(KernelSchedule Forward, KernelSchedule Weights, KernelSchedule Input, KernelSchedule? Image) : BlockSchedule(Image);

internal sealed record LinearSchedule(LinearTile Forward, LinearTile Weights, LinearTile Input, KernelSchedule? Image) : BlockSchedule(Image);

internal sealed record PoolSchedule(PoolWindows Windows, ImagePool? ImagePool) : BlockSchedule(ImagePool);

internal sealed record ActivationSchedule() : BlockSchedule((KernelSchedule?)null);
