using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LeNet.Generated.Generator.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// Stage 1: reads the <c>[Network]</c> class and its layer attributes into a <see cref="NetworkSpec"/>,
/// plain data with no symbols or syntax. Problems with the class itself become diagnostics here.
/// </summary>
internal static class Parser
{
    public const string Namespace = "LeNet.Generated";
    public const string NetworkAttributeName = Namespace + ".NetworkAttribute";

    public static NetworkSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        AttributeData network = context.Attributes[0];
        LocationInfo? location = LocationInfo.From(network.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();

        CheckDeclaration(type, location, diagnostics, cancellationToken);

        int? channels = null, height = null, width = null;
        ScalarType scalar = ScalarType.Float;
        LossKind loss = LossKind.CrossEntropy;
        bool hasCompilerErrors = network.AttributeConstructor is null || HasBindingErrors(context.SemanticModel, network.ApplicationSyntaxReference?.GetSyntax(cancellationToken), cancellationToken);
        foreach (KeyValuePair<string, TypedConstant> argument in network.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error)
            {
                hasCompilerErrors = true;
                continue;
            }

            switch (argument.Key)
            {
                case "Channels": channels = argument.Value.Value as int?; break;
                case "Height": height = argument.Value.Value as int?; break;
                case "Width": width = argument.Value.Value as int?; break;
                case "Loss" when argument.Value.Value is int value && System.Enum.IsDefined(typeof(LossKind), value):
                    loss = (LossKind)value;
                    break;
                case "ElementType":
                    scalar = ReadScalar(argument.Value.Value as ITypeSymbol, location, diagnostics);
                    break;
            }
        }

        var layers = ImmutableArray.CreateBuilder<LayerSpec>();
        SyntaxNode? firstDeclaration = null;
        bool reportedSplit = false;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Classify(attribute.AttributeClass) is not { } kind)
            {
                continue;
            }

            SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            LocationInfo? layerLocation = LocationInfo.From(syntax);
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
                || HasBindingErrors(context.SemanticModel, syntax, cancellationToken))
            {
                hasCompilerErrors = true;
                continue;
            }

            SyntaxNode? declaration = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            firstDeclaration ??= declaration;
            if (!reportedSplit && declaration != firstDeclaration)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSplit, layerLocation, type.Name));
                reportedSplit = true;
            }

            layers.Add(LayerReader.Read(kind, attribute, layerLocation, diagnostics));
        }

        return new NetworkSpec(
            DescribeDeclaration(type),
            location,
            channels,
            height,
            width,
            scalar,
            layers.ToEquatableArray(),
            diagnostics.ToEquatableArray(),
            hasCompilerErrors,
            loss);
    }

    /// <summary>
    /// Whether the compiler reports an error on an attribute application. Roslyn recovers from a
    /// wrongly typed argument with a guess (<c>KernelSize = 2.5</c> binds as 2, <c>Stride = "x"</c>
    /// is dropped), so the attribute's values alone do not show it; generating from the guess
    /// would add errors to the compiler's own (the property tests found it).
    /// </summary>
    private static bool HasBindingErrors(SemanticModel model, SyntaxNode? attribute, CancellationToken cancellationToken)
    {
        if (attribute is null)
        {
            return false;
        }

        SemanticModel treeModel = attribute.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(attribute.SyntaxTree);
        return treeModel.GetDiagnostics(attribute.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static void CheckDeclaration(INamedTypeSymbol type, LocationInfo? location, ImmutableArray<DiagnosticInfo>.Builder diagnostics, CancellationToken cancellationToken)
    {
        if (type.IsStatic || type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInstantiable, location, type.Name, type.IsStatic ? "static" : "abstract"));
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string context = SymbolEqualityComparer.Default.Equals(current, type) ? string.Empty : $" (it contains the network '{type.Name}')";
            if (!IsPartial(current, cancellationToken))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, location, current.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), context));
            }

            if (current.TypeParameters.Length > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Generic, location, current.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), context));
            }
        }
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static ScalarType ReadScalar(ITypeSymbol? type, LocationInfo? location, ImmutableArray<DiagnosticInfo>.Builder diagnostics)
    {
        switch (type?.SpecialType)
        {
            case null:
            case SpecialType.System_Single:
                return ScalarType.Float;
            case SpecialType.System_Double:
                return ScalarType.Double;
            default:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedElementType, location, type.ToDisplayString()));
                return ScalarType.Float;
        }
    }

    /// <summary>Which layer an attribute class is, or null for any other attribute.</summary>
    public static LayerKind? Classify(INamedTypeSymbol? attributeClass)
    {
        if (!IsOurs(attributeClass))
        {
            return null;
        }

        return attributeClass!.Name switch
        {
            "Conv2dAttribute" => LayerKind.Conv2d,
            "AvgPool2dAttribute" => LayerKind.AvgPool2d,
            "MaxPool2dAttribute" => LayerKind.MaxPool2d,
            "LinearAttribute" => LayerKind.Linear,
            "TanhAttribute" => LayerKind.Tanh,
            "ReLUAttribute" => LayerKind.ReLU,
            "SigmoidAttribute" => LayerKind.Sigmoid,
            "ScaledTanhAttribute" => LayerKind.ScaledTanh,
            "LeakyReLUAttribute" => LayerKind.LeakyReLU,
            "AdaptiveAvgPool2dAttribute" => LayerKind.AdaptiveAvgPool2d,
            "FlattenAttribute" => LayerKind.Flatten,
            "DropoutAttribute" => LayerKind.Dropout,
            "BatchNorm2dAttribute" => LayerKind.BatchNorm2d,
            "BatchNorm1dAttribute" => LayerKind.BatchNorm1d,
            _ => null,
        };
    }

    /// <summary>Whether an attribute class is <c>[Network]</c>.</summary>
    public static bool IsNetwork(INamedTypeSymbol? attributeClass) => IsOurs(attributeClass) && attributeClass!.Name == "NetworkAttribute";

    private static bool IsOurs(INamedTypeSymbol? attributeClass) =>
        attributeClass?.ContainingNamespace is { Name: "Generated", ContainingNamespace: { Name: "LeNet", ContainingNamespace.IsGlobalNamespace: true } };

    private static TypeDeclaration DescribeDeclaration(INamedTypeSymbol type)
    {
        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Keyword(outer) + " " + outer.Name);
        }

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        return new TypeDeclaration(ns, containing.ToEquatableArray(), Keyword(type), type.Name);
    }

    private static string Keyword(INamedTypeSymbol type) => (type.TypeKind, type.IsRecord) switch
    {
        (TypeKind.Struct, true) => "record struct",
        (TypeKind.Struct, false) => "struct",
        (TypeKind.Interface, _) => "interface",
        (_, true) => "record",
        _ => "class",
    };
}
