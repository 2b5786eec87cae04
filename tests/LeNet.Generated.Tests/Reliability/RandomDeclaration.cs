using System.Text;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// A random <c>[Network]</c> declaration, valid or not, as source text: attribute arguments are
/// rendered as written (including out-of-range, absurd and wrongly typed ones), and the class may be
/// split over two files. <see cref="CompilerError"/> says whether the text is itself a C# error,
/// which the compiler reports and the generator must leave alone; <see cref="BadArgument"/> that an
/// attribute argument is of the wrong type or missing, for which the generator must generate nothing.
/// <see cref="WithoutNetwork"/> leaves out <c>[Network]</c>: the layers alone must be an error, no layers nothing at all.
/// </summary>
public sealed record RandomDeclaration(
    string NetworkArguments,
    bool NetworkTwice,
    IReadOnlyList<string> Layers,
    string Modifiers,
    bool Generic,
    bool NestedInNonPartialClass,
    int SplitAt,
    bool CompilerError,
    bool BadArgument,
    bool WithoutNetwork = false)
{
    public const string Name = "Net";

    /// <summary>One or two files: the second holds the layers from <see cref="SplitAt"/> on, on another partial declaration.</summary>
    public string[] Sources()
    {
        int split = SplitAt < 0 ? Layers.Count : Math.Min(SplitAt, Layers.Count);
        var first = new StringBuilder("using LeNet.Generated;\nnamespace Fuzz;\n");
        if (NestedInNonPartialClass)
        {
            first.Append("public class Outer {\n");
        }

        if (!WithoutNetwork)
        {
            first.Append($"[Network({NetworkArguments})]\n");
        }

        if (NetworkTwice && !WithoutNetwork)
        {
            first.Append($"[Network({NetworkArguments})]\n");
        }

        foreach (string layer in Layers.Take(split))
        {
            first.Append($"[{layer}]\n");
        }

        string typeParameters = Generic ? "<T>" : string.Empty;
        first.Append($"{Modifiers} {Name}{typeParameters};\n");
        if (NestedInNonPartialClass)
        {
            first.Append("}\n");
        }

        if (SplitAt < 0)
        {
            return [first.ToString()];
        }

        var second = new StringBuilder("using LeNet.Generated;\nnamespace Fuzz;\n");
        second.Append(NestedInNonPartialClass ? "public partial class Outer {\n" : string.Empty);
        foreach (string layer in Layers.Skip(split))
        {
            second.Append($"[{layer}]\n");
        }

        second.Append($"partial {Modifiers.Split(' ')[^1]} {Name}{typeParameters};\n");
        second.Append(NestedInNonPartialClass ? "}\n" : string.Empty);
        return [first.ToString(), second.ToString()];
    }

    public override string ToString() => string.Join("\n// ---- next file ----\n", Sources());
}
