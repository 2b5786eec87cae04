using System.Threading;
using LeNet.Generated.Generator.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// Finds a class with layer attributes but no <c>[Network]</c>: nothing would be generated for it, and
/// the first sign would be a missing constructor. The pipeline runs this per layer attribute type, through
/// the compiler's attribute index, so only classes that carry a layer attribute are ever looked at.
/// </summary>
internal static class LayersWithoutNetwork
{
    /// <summary>Every layer attribute, by metadata name.</summary>
    public static readonly string[] LayerAttributeNames =
    [
        Parser.Namespace + ".Conv2dAttribute",
        Parser.Namespace + ".AvgPool2dAttribute",
        Parser.Namespace + ".MaxPool2dAttribute",
        Parser.Namespace + ".AdaptiveAvgPool2dAttribute",
        Parser.Namespace + ".LinearAttribute",
        Parser.Namespace + ".FlattenAttribute",
        Parser.Namespace + ".DropoutAttribute",
        Parser.Namespace + ".BatchNorm2dAttribute",
        Parser.Namespace + ".BatchNorm1dAttribute",
        Parser.Namespace + ".TanhAttribute",
        Parser.Namespace + ".ReLUAttribute",
        Parser.Namespace + ".SigmoidAttribute",
        Parser.Namespace + ".ScaledTanhAttribute",
        Parser.Namespace + ".LeakyReLUAttribute",
    ];

    /// <summary>
    /// The diagnostic for <paramref name="context"/>'s class, on its first layer attribute, or null if the
    /// class has <c>[Network]</c> on any of its declarations. The same class found through several
    /// attribute types or declarations gives the same diagnostic, so duplicates are equal.
    /// </summary>
    public static DiagnosticInfo? Find(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        AttributeData? first = null;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Parser.IsNetwork(attribute.AttributeClass))
            {
                return null;
            }

            if (first is null && Parser.Classify(attribute.AttributeClass) is not null)
            {
                first = attribute;
            }
        }

        return first is null
            ? null
            : DiagnosticInfo.Create(DiagnosticDescriptors.LayersWithoutNetwork, LocationInfo.From(first.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), type.Name);
    }
}
