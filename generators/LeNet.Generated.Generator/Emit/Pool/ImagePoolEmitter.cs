using System.Linq;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The forward pass of a 2×2 average pool over one image, for batches of one (<see cref="ImagePool"/>), a
/// vector of inputs at a time.
/// </summary>
internal static class ImagePoolEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, PoolBlock pool, ImagePool image)
    {
        string t = mode.Scalar.Keyword;
        writer.Line($"/// <summary>{pool.Name}: {Describe.Module(pool)} of one image, {pool.Input} to {pool.Output}.</summary>");
        writer.Line($"/// <remarks>{image.Describe()}.</remarks>");
        using (writer.Kernel($"internal static void {Names.Method(pool.Name)}ForwardImage(global::System.ReadOnlySpan<{t}> x, global::System.Span<{t}> y)"))
        {
            writer.Line($"global::LeNet.Generated.Guard.Length(x.Length, {pool.Input.Length}, nameof(x));");
            writer.Line($"global::LeNet.Generated.Guard.Length(y.Length, {pool.Output.Length}, nameof(y));");
            writer.Line($"ref {t} xRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
            writer.Line($"ref {t} yRef = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(y);");
            EmitPairs(writer, mode, pool, image.Bits);
        }
    }

    /// <summary>
    /// Output row r of every channel reads input rows 2r and 2r + 1 (the height is even). A vector of each
    /// holds the windows of half a vector of outputs; one permutation puts its even columns in the lower
    /// half and its odd ones in the upper. The last vector of a row is moved back to end at the row's end
    /// (outputs are stored, so recomputing a few is harmless).
    /// </summary>
    private static void EmitPairs(SourceWriter writer, KernelMode mode, PoolBlock pool, int bits)
    {
        string wide = $"global::System.Runtime.Intrinsics.Vector{bits}";
        string halfClass = $"global::System.Runtime.Intrinsics.Vector{bits / 2}";
        string half = $"{halfClass}<float>";
        int lanes = bits / 32;
        int width = pool.Input.Width, outputs = pool.Output.Width, step = lanes / 2;
        string columns = string.Join(", ", Enumerable.Range(0, lanes).Select(i => i < step ? 2 * i : (2 * (i - step)) + 1));
        writer.Line($"var evenThenOdd = {wide}.Create({columns});");
        using (writer.Block($"for (int r = 0; r < {pool.Input.Channels * pool.Output.Height}; r++)"))
        using (writer.Block($"for (int column = 0; column < {outputs}; column += {step})"))
        {
            writer.Line($"int ox = global::System.Math.Min(column, {outputs - step});");
            writer.Line($"nuint at = (nuint)((r * {2 * width}) + (2 * ox));");
            writer.Line($"var top = {wide}.Shuffle({wide}.LoadUnsafe(ref xRef, at), evenThenOdd);");
            writer.Line($"var bottom = {wide}.Shuffle({wide}.LoadUnsafe(ref xRef, at + {width}), evenThenOdd);");
            writer.Line("// Summed in the scalar kernel's order, from zero: ((((0 + x00) + x01) + x10) + x11), times 1/4.");
            writer.Line($"{half} s = {half}.Zero + {wide}.GetLower(top);");
            writer.Line($"s += {wide}.GetUpper(top);");
            writer.Line($"s += {wide}.GetLower(bottom);");
            writer.Line($"s += {wide}.GetUpper(bottom);");
            writer.Line($"{halfClass}.StoreUnsafe({mode.Apply(pool.Activation, $"s * {mode.Scalar.Literal(0.25)}")}, ref yRef, (nuint)((r * {outputs}) + ox));");
        }
    }
}
