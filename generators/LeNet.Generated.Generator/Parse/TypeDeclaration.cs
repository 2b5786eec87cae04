using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Parse;

/// <summary>Where the network type lives: namespace, containing types and its own name.</summary>
/// <param name="Namespace">Namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">Outermost first, each as its declaration keyword and name ("class Outer").</param>
/// <param name="Keyword">"class" or "record".</param>
/// <param name="Name">The type's name.</param>
internal sealed record TypeDeclaration(string? Namespace, EquatableArray<string> ContainingTypes, string Keyword, string Name)
{
    /// <summary>Name with its containing types, "Outer.LeNet5".</summary>
    public string NestedName
    {
        get
        {
            string prefix = string.Empty;
            foreach (string containing in ContainingTypes)
            {
                prefix += containing.Substring(containing.LastIndexOf(' ') + 1) + ".";
            }

            return prefix + Name;
        }
    }

    /// <summary>The generated file's hint name, "Namespace.Outer.LeNet5.g.cs".</summary>
    public string HintName => HintNameFor(null);

    /// <summary>The hint name of another file of the same network, "Namespace.Outer.LeNet5.Vector512.g.cs".</summary>
    public string HintNameFor(string? part) => (Namespace is null ? string.Empty : Namespace + ".") + NestedName + (part is null ? string.Empty : "." + part) + ".g.cs";
}
