using CsCheck;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// CsCheck generators of <see cref="RandomDeclaration"/>s. Most sizes are small and plausible so that
/// a good share of declarations is valid; the rest are zero, negative, unset, huge or
/// <see cref="int.MaxValue"/>, and a few arguments have the wrong type.
/// </summary>
internal static class DeclarationGen
{
    private static readonly Gen<int> Huge = Gen.OneOfConst(int.MaxValue, int.MinValue, int.MaxValue - 1, 1 << 16, 46341, 1 << 20, 100_000_000);

    /// <summary>A size as a user might write it, right or wrong.</summary>
    public static readonly Gen<int> Size = Gen.Frequency(
        (60, Gen.Int[1, 8]),
        (6, Gen.Const(0)),
        (6, Gen.Int[-3, -1]),
        (8, Gen.Int[9, 300]),
        (5, Huge));

    private static readonly Gen<(string Text, bool CompilerError)> NamedSize =
        Gen.Frequency(
            (99, Size.Select(s => (s.ToString(System.Globalization.CultureInfo.InvariantCulture), false))),
            (1, Gen.OneOfConst(("\"4\"", true), ("2.5", true), ("null", true), ("typeof(int)", true))));

    private static Gen<(string Text, bool CompilerError)> Named(string name, int percent) =>
        Gen.Int[0, 99].SelectMany(roll => roll < percent
            ? NamedSize.Select(v => ($", {name} = {v.Text}", v.CompilerError))
            : Gen.Const((string.Empty, false)));

    /// <summary>Positional arguments: PyTorch's spelling, with a given input size that may or may not be the inferred one.</summary>
    private static Gen<(string Text, bool CompilerError)> Positional(int count) =>
        NamedSize.Array[count].Select(values => (string.Join(", ", values.Select(v => v.Text)), values.Any(v => v.CompilerError)));

    private static readonly Gen<(string Text, bool CompilerError)> Conv = Gen.Frequency(
        (60, Gen.Select(NamedSize, Named("KernelSize", 90), Named("Stride", 40), Named("Padding", 40), (o, k, s, p) =>
            ($"Conv2d({o.Text}{k.Text}{s.Text}{p.Text})", o.CompilerError || k.CompilerError || s.CompilerError || p.CompilerError))),
        (40, Gen.Select(Gen.Int[3, 5].SelectMany(Positional), Named("Stride", 5), Named("Padding", 15), (a, s, p) =>
            ($"Conv2d({a.Text}{s.Text}{p.Text})", a.CompilerError || s.CompilerError || p.CompilerError))));

    private static readonly Gen<(string Text, bool CompilerError)> Pool =
        Gen.Select(Gen.OneOfConst("AvgPool2d", "MaxPool2d"), Gen.Int[1, 3].SelectMany(Positional), Named("Stride", 15), (kind, a, s) =>
            ($"{kind}({a.Text}{s.Text})", a.CompilerError || s.CompilerError));

    private static readonly Gen<(string Text, bool CompilerError)> Linear =
        Gen.Int[1, 2].SelectMany(Positional).Select(a => ($"Linear({a.Text})", a.CompilerError));

    private static readonly Gen<(string Text, bool CompilerError)> Layer = Gen.Frequency(
        (30, Conv),
        (20, Pool),
        (25, Linear),
        (20, Gen.OneOfConst(("Tanh", false), ("ReLU", false), ("Sigmoid", false), ("LeakyReLU", false), ("LeakyReLU(0.2)", false))),
        (5, Gen.Const(("Flatten", false))),
        (5, Gen.OneOfConst(("Dropout", false), ("Dropout(0.3)", false), ("Dropout(0)", false), ("Dropout(1.0)", false), ("Dropout(-0.5)", false))),
        (5, Gen.OneOfConst(("BatchNorm2d", false), ("BatchNorm1d", false), ("BatchNorm2d(4)", false), ("BatchNorm1d(8, Affine = false)", false), ("BatchNorm2d(Momentum = 1.5)", false), ("BatchNorm1d(Eps = 0)", false))),
        (1, Gen.OneOfConst(("Conv2d()", true), ("Linear()", true), ("Tanh(2)", true))));

    private static readonly Gen<(string Text, bool CompilerError)> NetworkArguments =
        Gen.Select(Named("Channels", 60), Named("Height", 97), Named("Width", 97), ElementType, (c, h, w, e) =>
            ((c.Text + h.Text + w.Text + e.Text).TrimStart(',', ' '), c.CompilerError || h.CompilerError || w.CompilerError || e.CompilerError));

    private static Gen<(string Text, bool CompilerError)> ElementType => Gen.Frequency(
        (60, Gen.Const((string.Empty, false))),
        (15, Gen.Const((", ElementType = typeof(float)", false))),
        (15, Gen.Const((", ElementType = typeof(double)", false))),
        (5, Gen.OneOfConst((", ElementType = typeof(int)", false), (", ElementType = typeof(string)", false), (", ElementType = typeof(decimal)", false))),
        (1, Gen.Const((", ElementType = 1.0", true))));

    /// <summary>The usual class modifiers, and the ones the generator must reject, with whether the combination itself is a C# error.</summary>
    private static readonly Gen<(string Text, bool CompilerError)> Modifiers = Gen.Frequency(
        (70, Gen.OneOfConst(("public sealed partial class", false), ("public partial class", false), ("internal sealed partial class", false))),
        (4, Gen.Const(("public sealed class", false))),
        (3, Gen.Const(("public static partial class", false))),
        (3, Gen.Const(("public abstract partial class", false))),
        (2, Gen.Const(("public sealed partial record", false))),
        (1, Gen.OneOfConst(("public static sealed partial class", true), ("public partial struct", true), ("public partial record struct", true), ("public partial interface", true))));

    public static readonly Gen<RandomDeclaration> Declaration =
        Gen.Select(
            NetworkArguments,
            Layer.List[0, 7],
            Modifiers,
            Gen.Int[0, 99],
            Gen.Int[0, 99],
            Gen.Int[0, 99],
            (network, layers, modifiers, shapeRoll, splitRoll, networkRoll) =>
            {
                bool withoutNetwork = networkRoll < 3;
                bool twice = shapeRoll < 2;
                bool generic = shapeRoll is >= 2 and < 5;
                bool nested = shapeRoll is >= 5 and < 8;
                int splitAt = splitRoll < 6 ? splitRoll % (layers.Count + 1) : -1;
                bool partial = modifiers.Text.Contains("partial", StringComparison.Ordinal);
                bool badArgument = (network.CompilerError && !withoutNetwork) || layers.Any(l => l.CompilerError);
                bool compilerError = badArgument || modifiers.CompilerError || (twice && !withoutNetwork)
                    || (splitAt >= 0 && (!partial || nested)); // CS0260: a second declaration needs partial on every one
                return new RandomDeclaration(network.Text, twice, layers.Select(l => l.Text).ToArray(), modifiers.Text, generic, nested, splitAt, compilerError, badArgument, withoutNetwork);
            });
}
