using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LeNet.Generated.Generator.Infrastructure;

/// <summary>
/// A source location as plain data, so it can travel through the cached pipeline; a
/// <see cref="Location"/> holds its syntax tree alive and is not equatable by value.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(SyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        Location location = node.GetLocation();
        return new LocationInfo(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);
    }

    /// <summary>
    /// Recreates the location inside its syntax tree when the compilation still has that file, so
    /// <c>#pragma warning disable</c> and the IDE treat it as source; otherwise as an external file.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == FilePath);
        return tree is not null && Span.End <= tree.Length
            ? Location.Create(tree, Span)
            : Location.Create(FilePath, Span, LineSpan);
    }
}
