using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Kernels of average and max pooling, per channel. Average divides the window sum by k² (as
/// <c>nn.AvgPool2d</c>); max takes the first maximum and lets NaN through (as <c>nn.MaxPool2d</c>),
/// and its backward pass finds the same element again instead of storing indices. Without
/// <c>count_include_pad</c> an average divides by the input elements its window covers. With padding
/// the kernels read the bordered copy (<see cref="PaddedCopy"/>) and write its gradient.
/// </summary>
internal static class PoolEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, PoolBlock pool, PoolSchedule schedule)
    {
        TapUnroll unroll = schedule.Windows.Taps;
        if (pool.Padding != 0)
        {
            PaddedCopy.Emit(writer, mode, pool.Name, pool.Input, pool.Padding, negativeInfinity: pool.IsMax);
            writer.Line();
        }

        if (pool.Weight is not null)
        {
            EmitTrainable(writer, mode, pool, unroll);
            return;
        }

        string method = Names.Method(pool.Name);
        string read = mode.ReadOnlySpan;
        string element = mode.Element;
        const string max = "global::LeNet.Generated.VectorMath.Max";
        string kind = pool.IsMax ? "max" : "mean";
        writer.Line($"/// <summary>{pool.Name}: {Describe.Module(pool)}, {Reads(pool)} to {pool.Output}: the {kind} of each {pool.Kernel}x{pool.Kernel} window{Divisor(pool)}.</summary>");
        using (writer.Kernel($"internal static void {method}Forward({read} x, {mode.Span} y)"))
        {
            Windows(writer, pool, window =>
            {
                (Affine x0, Affine y) = (window.X0, window.Y);
                if (pool.IsMax)
                {
                    writer.Line($"{element} m = x[{x0}];");
                    Taps(writer, pool, unroll, x0, skipFirst: true, x => writer.Line($"m = {max}(m, x[{x}]);"));
                    writer.Line($"y[{y}] = {mode.Apply(pool.Activation, "m")};");
                }
                else
                {
                    writer.Line($"{element} s = {mode.Zero};");
                    Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"s += x[{x}];"));
                    writer.Line($"y[{y}] = {mode.Apply(pool.Activation, DivideByWindow(writer, mode, pool, window, "s"))};");
                }
            });
        }

        writer.Line();
        if (pool.IsMax)
        {
            writer.Line($"/// <summary>{pool.Name}: ∂loss/∂x is ∂loss/∂y at the first maximum of each window, 0 elsewhere.</summary>");
            using (writer.Kernel($"internal static void {method}Backward({read} x, {read} dy, {mode.Span} dx)"))
            {
                writer.Line("dx.Clear();");
                Windows(writer, pool, window =>
                {
                    (Affine x0, Affine y) = (window.X0, window.Y);
                    if (mode.IsVector)
                    {
                        // Each lane's maximum may sit at a different tap: find it again, then route
                        // the gradient to the first tap equal to it, lane by lane.
                        writer.Line($"{element} m = x[{x0}];");
                        Taps(writer, pool, unroll, x0, skipFirst: true, x => writer.Line($"m = {max}(m, x[{x}]);"));
                        writer.Line($"{element} g = dy[{y}];");
                        writer.Line($"{element} open = {element}.AllBitsSet;");
                        Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"dx[{x}] += global::LeNet.Generated.VectorMath.RouteToFirstMax(x[{x}], m, g, ref open);"));
                        return;
                    }

                    writer.Line($"int at = {x0};");
                    writer.Line($"{element} m = x[at];");
                    Taps(writer, pool, unroll, x0, skipFirst: true, x => writer.Line($"MaxAt(x, {x}, ref m, ref at);"));
                    writer.Line($"dx[at] += dy[{y}];");
                });
            }

            return;
        }

        if (pool.AppliesInputActivationGradient)
        {
            // The feeding layer's activation derivative, applied here instead of in a pass of its own.
            writer.Line($"/// <summary>{pool.Name}: ∂loss/∂x spreads ∂loss/∂y / {pool.Kernel * pool.Kernel} over each window, times the derivative of the input's {ActivationEmitter.Name(pool.InputActivation)}, {ActivationEmitter.Derivative(pool.InputActivation)}.</summary>");
            using (writer.Kernel($"internal static void {method}Backward({read} x, {read} dy, {mode.Span} dx)"))
            {
                Windows(writer, pool, window =>
                {
                    (Affine x0, Affine y) = (window.X0, window.Y);
                    writer.Line($"{element} g = {DivideByWindow(writer, mode, pool, window, $"dy[{y}]")};");
                    Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"dx[{x}] = {mode.Gradient(pool.InputActivation, $"x[{x}]", "g")};"));
                });
            }

            return;
        }

        bool tiles = pool.Tiles;
        writer.Line($"/// <summary>{pool.Name}: ∂loss/∂x spreads ∂loss/∂y / {Count(pool)} over each window.</summary>");
        using (writer.Kernel($"internal static void {method}Backward({read} dy, {mode.Span} dx)"))
        {
            if (!tiles)
            {
                writer.Line("dx.Clear();");
            }

            Windows(writer, pool, window =>
            {
                (Affine x0, Affine y) = (window.X0, window.Y);
                writer.Line($"{element} g = {DivideByWindow(writer, mode, pool, window, $"dy[{y}]")};");
                Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"dx[{x}] {(tiles ? "=" : "+=")} g;"));
            });
        }
    }

    /// <summary>
    /// The 1998 paper's subsampling: y = act(w[c] · mean(window) + b[c]). Its backward pass recomputes
    /// each window's mean for ∂w rather than keeping it.
    /// </summary>
    private static void EmitTrainable(SourceWriter writer, KernelMode mode, PoolBlock pool, TapUnroll unroll)
    {
        string method = Names.Method(pool.Name);
        string read = mode.ReadOnlySpan;
        string weights = mode.Scalar.ReadOnlySpan;
        string element = mode.Element;
        void Mean(Affine x0)
        {
            writer.Line($"{element} s = {mode.Zero};");
            Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"s += x[{x}];"));
        }

        writer.Line($"/// <summary>{pool.Name}: {Describe.Module(pool)}, {Reads(pool)} to {pool.Output}: y = w[c] · mean(window) + b[c]{Divisor(pool)}.</summary>");
        using (writer.Kernel($"internal static void {method}Forward({read} x, {weights} weight, {weights} bias, {mode.Span} y)"))
        {
            Windows(writer, pool, window =>
            {
                (Affine x0, Affine y, Affine c) = (window.X0, window.Y, window.C);
                Mean(x0);
                writer.Line($"y[{y}] = {mode.Apply(pool.Activation, $"{mode.Broadcast($"bias[{c}]")} + (weight[{c}] * ({DivideByWindow(writer, mode, pool, window, "s")}))")};");
            });
        }

        writer.Line();
        writer.Line($"/// <summary>{pool.Name}: this group's ∂loss/∂w[c] = Σ dy · mean(window) and ∂loss/∂b[c] = Σ dy, one per lane.</summary>");
        using (writer.Kernel($"internal static void {method}BackwardParameters({read} x, {read} dy, {mode.Span} dWeight, {mode.Span} dBias)"))
        {
            writer.Line("dWeight.Clear();");
            writer.Line("dBias.Clear();");
            Windows(writer, pool, window =>
            {
                (Affine x0, Affine y, Affine c) = (window.X0, window.Y, window.C);
                Mean(x0);
                writer.Line($"{element} g = dy[{y}];");
                writer.Line($"dWeight[{c}] += g * ({DivideByWindow(writer, mode, pool, window, "s")});");
                writer.Line($"dBias[{c}] += g;");
            });
        }

        writer.Line();
        bool tiles = pool.Tiles;
        writer.Line($"/// <summary>{pool.Name}: ∂loss/∂x spreads ∂loss/∂y · w[c] / {Count(pool)} over each window.</summary>");
        using (writer.Kernel($"internal static void {method}BackwardInput({read} dy, {weights} weight, {mode.Span} dx)"))
        {
            if (!tiles)
            {
                writer.Line("dx.Clear();");
            }

            Windows(writer, pool, window =>
            {
                (Affine x0, Affine y, Affine c) = (window.X0, window.Y, window.C);
                writer.Line($"{element} g = dy[{y}] * ({DivideByWindow(writer, mode, pool, window, $"weight[{c}]")});");
                Taps(writer, pool, unroll, x0, skipFirst: false, x => writer.Line($"dx[{x}] {(tiles ? "=" : "+=")} g;"));
            });
        }
    }

    /// <summary>
    /// <paramref name="value"/> divided by the window's divisor. A power-of-two k² becomes a multiply by 1/k², which
    /// gives the same bits and is several times cheaper than a division (pool1 of LeNet-5 per image: 1.2 µs of
    /// division). Without <c>count_include_pad</c> the divisor is the input elements the window covers: a
    /// literal where the window's position is one, else computed per window.
    /// </summary>
    private static string DivideByWindow(SourceWriter writer, KernelMode mode, PoolBlock pool, Window window, string value)
    {
        if (!pool.DividesByCovered)
        {
            return DivideBy(mode, pool.Kernel * pool.Kernel, value);
        }

        string rows = Covered(window.Oy, pool, pool.Input.Height), columns = Covered(window.Ox, pool, pool.Input.Width);
        if (int.TryParse(rows, out int r) && int.TryParse(columns, out int c))
        {
            return DivideBy(mode, r * c, value);
        }

        writer.Line($"int n = ({rows}) * ({columns});");
        return $"{value} / ({mode.Scalar.Keyword})n";
    }

    private static string DivideBy(KernelMode mode, int divisor, string value) => (divisor & (divisor - 1)) == 0
        ? $"{value} * {mode.Scalar.Literal(1.0 / divisor)}"
        : $"{value} / {mode.Scalar.Literal(divisor)}";

    /// <summary>The input rows (or columns) that the window at output row (or column) <paramref name="at"/> covers: a literal when its position is one.</summary>
    private static string Covered(Affine at, PoolBlock pool, int size)
    {
        Affine start = (at * pool.Stride) + (-pool.Padding);
        if ((start + (-start.Constant)).IsZero)
        {
            long first = System.Math.Max(start.Constant, 0), end = System.Math.Min(start.Constant + pool.Kernel, size);
            return Literal.Int(end - first);
        }

        return $"global::System.Math.Min({start + pool.Kernel}, {size}) - global::System.Math.Max({start}, 0)";
    }

    /// <summary>"2x5x5", or "2x5x5 (padded to 2x7x7)".</summary>
    private static string Reads(PoolBlock pool) => pool.Padding == 0 ? pool.Input.ToString() : $"{pool.Input} (padded to {pool.PaddedInput})";

    /// <summary>How an average pool with padding divides, for the doc comment.</summary>
    private static string Divisor(PoolBlock pool) => pool.IsMax || pool.Padding == 0 ? string.Empty
        : pool.CountIncludePad ? $", the padding counted (÷ {pool.Kernel * pool.Kernel})" : ", divided by the input elements it covers (count_include_pad=False)";

    private static string Count(PoolBlock pool) => pool.DividesByCovered ? "the input elements it covers" : Literal.Int(pool.Kernel * pool.Kernel);

    /// <summary>One window: its first input index (in the padded input), its output index, channel, and output row and column.</summary>
    private readonly record struct Window(Affine X0, Affine Y, Affine C, Affine Oy, Affine Ox);

    /// <summary>Loops over channels and output pixels, the body getting each window.</summary>
    private static void Windows(SourceWriter writer, PoolBlock pool, System.Action<Window> body)
    {
        Shape input = pool.PaddedInput;
        using (writer.For("c", pool.Input.Channels, out Affine c))
        using (writer.For("oy", pool.Output.Height, out Affine oy))
        using (writer.For("ox", pool.Output.Width, out Affine ox))
        {
            Affine x0 = (c * input.Plane) + (oy * ((long)pool.Stride * input.Width)) + (ox * pool.Stride);
            x0 = writer.Local("x0", x0);

            body(new Window(x0, (c * pool.Output.Plane) + (oy * pool.Output.Width) + ox, c, oy, ox));
        }
    }

    private static void Taps(SourceWriter writer, PoolBlock pool, TapUnroll unroll, Affine x0, bool skipFirst, System.Action<Affine> tap) =>
        TapNest.Emit(writer, unroll, 1, pool.Kernel, skipFirst, (_, ky, kx) => tap(x0 + (ky * pool.PaddedInput.Width) + kx));

    /// <summary>
    /// Global average pooling: each channel's plane summed in order, divided by its size (PyTorch computes it as
    /// the mean over H and W); the backward pass spreads ∂loss/∂y / (H·W) over the plane.
    /// </summary>
    public static void EmitGlobal(SourceWriter writer, KernelMode mode, GlobalAvgPoolBlock pool)
    {
        string method = Names.Method(pool.Name);
        int plane = pool.Input.Plane;
        writer.Line($"/// <summary>{pool.Name}: {Describe.Module(pool)}, {pool.Input} to {pool.Output}: the mean of each channel's {pool.Input.Height}x{pool.Input.Width} plane.</summary>");
        using (writer.Kernel($"internal static void {method}Forward({mode.ReadOnlySpan} x, {mode.Span} y)"))
        using (writer.For("c", pool.Input.Channels, out Affine c))
        {
            Affine x0 = writer.Local("x0", c * plane);
            writer.Line($"{mode.Element} s = {mode.Zero};");
            using (writer.For("i", plane, out Affine i))
            {
                writer.Line($"s += x[{x0 + i}];");
            }

            writer.Line($"y[{c}] = {mode.Apply(pool.Activation, DivideBy(mode, plane, "s"))};");
        }

        writer.Line();
        writer.Line($"/// <summary>{pool.Name}: ∂loss/∂x spreads ∂loss/∂y / {plane} over each channel's plane.</summary>");
        using (writer.Kernel($"internal static void {method}Backward({mode.ReadOnlySpan} dy, {mode.Span} dx)"))
        using (writer.For("c", pool.Input.Channels, out Affine c))
        {
            writer.Line($"{mode.Element} g = {DivideBy(mode, plane, $"dy[{c}]")};");
            writer.Line($"dx.Slice({c * plane}, {plane}).Fill(g);");
        }
    }

    /// <summary>The first-maximum helper of the scalar max-pool backward, emitted once per network that max-pools.</summary>
    public static void EmitHelper(SourceWriter writer, ScalarNames scalar)
    {
        string t = scalar.Keyword;
        writer.Line("/// <summary>Moves <paramref name=\"at\"/> to <paramref name=\"i\"/> when <c>x[i]</c> beats the maximum so far: greater, or NaN (the first maximum wins, as <c>nn.MaxPool2d</c>).</summary>");
        using (writer.Block($"internal static void MaxAt(global::System.ReadOnlySpan<{t}> x, int i, ref {t} m, ref int at)"))
        {
            using (writer.Block($"if (x[i] > m || {t}.IsNaN(x[i]))"))
            {
                writer.Line("m = x[i];");
                writer.Line("at = i;");
            }
        }
    }
}
