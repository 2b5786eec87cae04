using System.Linq;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Plan;

/// <summary>
/// Chooses every kernel's schedule from the shapes and the profile: register tiles sized to the
/// profile's vector registers, and how much is written out straight-line. Larger tiles reuse each
/// loaded vector more; past the registers they spill. Straight-line code beyond about a thousand
/// multiply-adds per method pushes RyuJIT into MinOpts (its limits: 20,000 IL instructions, 8,000 local
/// references), so outer loops stay loops. Tiles group outputs; they never reorder a sum, so every
/// profile computes each output with the same operations in the same order.
/// </summary>
internal static class Scheduler
{
    /// <summary>Taps of one window written straight-line at most; larger windows keep their outer tap loops.</summary>
    public const int MaxStraightLineTaps = 64;

    /// <summary>Straight-line taps in one kernel method when a connection table writes out its output channels.</summary>
    public const int MaxStraightLineTapsPerMethod = 512;

    /// <summary>Multiply-adds a forward tile writes out straight-line at most.</summary>
    public const int MaxTileStraightLine = 512;

    /// <summary>Adjacent output pixels in a convolution tile at most: beyond that the loaded inputs crowd out the sums.</summary>
    public const int MaxTilePixels = 5;

    /// <summary>Rows (forward) or columns (∂x) of a fully connected tile: independent chains that hide the multiply-add latency.</summary>
    public const int LinearTile = 8;

    public static BlockSchedule Schedule(Block block, Profile profile, ScalarType scalar) => block switch
    {
        ConvBlock conv => Conv(conv, profile, scalar),
        LinearBlock linear => new LinearSchedule(
            new LinearTile(LinearTile),
            new LinearTile(linear.Output.Length % 2 == 0 ? 2 : 1, LinearTile / 2),
            new LinearTile(LinearTile, Unit: "inputs"),
            profile.IsVector ? new ImageDot(LargestDivisor(linear.Output.Length, LinearTile)) : null),
        PoolBlock pool => new PoolSchedule(new PoolWindows(WindowUnroll(pool.Kernel)), ImagePool(pool, profile, scalar)),
        GlobalAvgPoolBlock => new PoolSchedule(new PoolWindows(TapUnroll.None), null), // one window per channel: a loop over its plane
        _ => new ActivationSchedule(),
    };

    /// <summary>
    /// The per-image 2×2 average pool, or null for the scalar kernel. It permutes 32-bit lanes (floats only)
    /// and needs a row at least a vector wide and half a vector still accelerated: the profile's vectors,
    /// else 256-bit ones, never 128-bit ones. Trainable and padded pools keep the scalar kernel.
    /// </summary>
    private static ImagePool? ImagePool(PoolBlock pool, Profile profile, ScalarType scalar)
    {
        if (!profile.IsVector || scalar != ScalarType.Float || pool.Weight is not null || pool.IsMax || pool.Kernel != 2 || pool.Stride != 2
            || pool.Padding != 0 || pool.Input.Height % 2 != 0 || pool.Input.Width % 2 != 0)
        {
            return null;
        }

        int bits = new[] { profile.Width, 256 }.FirstOrDefault(b => b >= 256 && b <= profile.Width && pool.Input.Width >= b / 32);
        return bits == 0 ? null : new ImagePool(bits);
    }

    /// <summary>
    /// Vector accumulators a tile may hold: 20 of AVX-512's 32 registers (conv2 forward 4 channels × 5
    /// pixels, ∂W 4 channels × 5 taps); 10 of 16, the rest holding the loaded inputs and a broadcast weight.
    /// </summary>
    public static int Accumulators(Profile profile) => profile.Registers * 5 / 8;

    private static ConvSchedule Conv(ConvBlock conv, Profile profile, ScalarType scalar)
    {
        if (!conv.IsDense)
        {
            var nest = new LoopNest(TableUnroll(conv));
            return new ConvSchedule(nest, nest, nest, null);
        }

        int budget = Accumulators(profile);
        (int channels, int pixels) = ForwardTile(conv, profile);
        int tile = channels * pixels;
        long window = (long)conv.Kernel * conv.Kernel;
        TapUnroll taps =
            conv.Input.Channels * window * tile <= MaxTileStraightLine ? TapUnroll.All
            : window * tile <= MaxTileStraightLine ? TapUnroll.Window
            : (long)conv.Kernel * tile <= MaxTileStraightLine ? TapUnroll.Row
            : TapUnroll.None;
        var forward = new ConvForwardTile(channels, pixels, taps);
        var weights = new ConvWeightTile(LargestDivisor(conv.Output.Channels, System.Math.Max(1, budget / conv.Kernel)), conv.Kernel);

        KernelSchedule input;
        if (conv.Stride == 1)
        {
            // The same pixels for every profile: they decide the order in which ∂x's terms are added.
            int rowPixels = LargestDivisor(conv.Output.Width, MaxTilePixels);
            int reach = rowPixels + conv.Kernel - 1;
            input = new ConvInputRowsTile(LargestDivisor(conv.Input.Channels, System.Math.Max(1, budget / reach)), rowPixels, conv.Kernel);
        }
        else
        {
            input = new ConvInputChannelsTile(conv.Output.Channels % 4 == 0 ? 4 : conv.Output.Channels % 2 == 0 ? 2 : 1, DenseUnroll(conv));
        }

        return new ConvSchedule(forward, weights, input, ImageConv(conv, profile, scalar));
    }

    /// <summary>
    /// The per-image forward kernel of a dense convolution: dot products when its one output pixel sees
    /// its whole input; output channels in the lanes when they fill whole vectors; consecutive output
    /// pixels in the lanes when a row is at least a vector wide (stride 1); else the scalar kernel.
    /// </summary>
    private static KernelSchedule? ImageConv(ConvBlock conv, Profile profile, ScalarType scalar)
    {
        if (!profile.IsVector)
        {
            return null;
        }

        if (conv.Output.Plane == 1 && conv.PaddedInput.Height == conv.Kernel && conv.PaddedInput.Width == conv.Kernel)
        {
            return new ImageDot(LargestDivisor(conv.Output.Channels, LinearTile));
        }

        int lanes = profile.Lanes(scalar);
        int budget = profile.Registers >= 32 ? 12 : 6;
        // Every output channel vector is an accumulator: more than the budget would spill (or, at tens of
        // thousands of channels, exceed the compiler's 65,534 locals).
        if (conv.Output.Channels % lanes == 0 && conv.Output.Channels / lanes <= budget)
        {
            int vectors = conv.Output.Channels / lanes;
            int most = System.Math.Max(1, budget / vectors);
            int pixels = System.Math.Min(conv.Output.Width, most);
            int divisor = LargestDivisor(conv.Output.Width, most);
            return new ImageConvChannels(2 * divisor > pixels ? divisor : pixels, vectors);
        }

        return conv.Stride == 1 && conv.Output.Width >= lanes
            ? new ImageConvRows(LargestDivisor(conv.Output.Channels, profile.Registers >= 32 ? 6 : 3), conv.Output.Height >= 2 ? 2 : 1)
            : null;
    }

    /// <summary>A dense convolution's taps straight-line when the whole window is small, else one channel's K×K window.</summary>
    private static TapUnroll DenseUnroll(ConvBlock conv) =>
        conv.Input.Channels * conv.Kernel * conv.Kernel <= MaxStraightLineTaps ? TapUnroll.All : WindowUnroll(conv.Kernel);

    /// <summary>
    /// With a connection table the output channels are written out one after another, each with its own
    /// input channels as constants, so the taps of all of them land in one method: keep only rows
    /// straight-line once that total would pass the limit.
    /// </summary>
    private static TapUnroll TableUnroll(ConvBlock conv)
    {
        long window = (long)conv.Kernel * conv.Kernel;
        return conv.Connections * window <= MaxStraightLineTapsPerMethod ? TapUnroll.Window
            : (long)conv.Connections * conv.Kernel <= MaxStraightLineTapsPerMethod ? TapUnroll.Row
            : TapUnroll.None;
    }

    private static TapUnroll WindowUnroll(int kernel) =>
        kernel * kernel <= MaxStraightLineTaps ? TapUnroll.Window
        : kernel <= MaxStraightLineTaps ? TapUnroll.Row
        : TapUnroll.None;

    /// <summary>
    /// The forward tile of most sums whose live registers fit: its channels × pixels sums, the weights of one
    /// tap broadcast per channel and the inputs read per pixel, two registers to spare. At 16 registers 2 × 5
    /// (17 live) spilled and ran at half the speed of 4 × 2 (14 live); ties go to more channels, so each
    /// loaded input feeds more multiply-adds.
    /// </summary>
    private static (int Channels, int Pixels) ForwardTile(ConvBlock conv, Profile profile)
    {
        int maxChannels = profile.Registers >= 32 ? 6 : 4;
        (int Channels, int Pixels) best = (1, 1);
        for (int c = 1; c <= System.Math.Min(maxChannels, conv.Output.Channels); c++)
        {
            for (int p = 1; p <= System.Math.Min(MaxTilePixels, conv.Output.Width); p++)
            {
                bool divides = conv.Output.Channels % c == 0 && conv.Output.Width % p == 0;
                bool fits = (c * p) + c + p <= profile.Registers - 2;
                int sums = c * p, bestSums = best.Channels * best.Pixels;
                if (divides && fits && (sums > bestSums || (sums == bestSums && c > best.Channels)))
                {
                    best = (c, p);
                }
            }
        }

        return best;
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
}
