using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LeNet.Generated.Generator.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// Reads one layer attribute into a <see cref="LayerSpec"/>, whichever constructor it was written with:
/// PyTorch's positional arguments (<c>Conv2d(1, 6, 5, 1, 2)</c>, <c>Linear(400, 120)</c>,
/// <c>MaxPool2d(2, 2)</c>) or the inferred-input form with named properties (<c>Conv2d(6, KernelSize = 5)</c>).
/// </summary>
internal static class LayerReader
{
    public static LayerSpec Read(LayerKind kind, AttributeData attribute, LocationInfo? location, ImmutableArray<DiagnosticInfo>.Builder diagnostics)
    {
        // Constructor arguments by parameter name, so every overload reads the same way.
        var positional = new Dictionary<string, int?>();
        ImmutableArray<IParameterSymbol> parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        for (int i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            positional[parameters[i].Name] = attribute.ConstructorArguments[i].Value as int?;
        }

        object? Value(string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name) is { Key: not null } argument ? argument.Value.Value : null;

        // A property given both ways: C# assigns the named one last, so it would silently win.
        int? Either(string parameter, string property)
        {
            int? byPosition = positional.TryGetValue(parameter, out int? p) ? p : null;
            int? byName = Value(property) as int?;
            if (byPosition.HasValue && byName.HasValue)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentTwice, location, kind, property, byPosition.Value, byName.Value));
            }

            return byName ?? byPosition;
        }

        int? Positional(string parameter) => positional.TryGetValue(parameter, out int? value) ? value : null;

        // LeakyReLU's one argument is a double, by position or by name.
        double? Slope()
        {
            double? byPosition = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as double? : null;
            double? byName = Value("NegativeSlope") as double?;
            if (byPosition.HasValue && byName.HasValue)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentTwice, location, kind, "NegativeSlope", byPosition.Value, byName.Value));
            }

            return byName ?? byPosition;
        }

        return kind switch
        {
            LayerKind.Conv2d => new LayerSpec(
                kind, Positional("outChannels"), Either("kernelSize", "KernelSize"), Either("stride", "Stride"), Either("padding", "Padding"), location,
                Connections: Value("Connections") as string, InSize: Positional("inChannels")),
            LayerKind.AvgPool2d => new LayerSpec(
                kind, null, Positional("kernelSize"), Either("stride", "Stride"), Either("padding", "Padding"), location,
                Trainable: Value("Trainable") as bool? ?? false, CountIncludePad: Value("CountIncludePad") as bool? ?? true),
            LayerKind.MaxPool2d => new LayerSpec(kind, null, Positional("kernelSize"), Either("stride", "Stride"), Either("padding", "Padding"), location),
            LayerKind.Linear => new LayerSpec(kind, Positional("outFeatures"), null, null, null, location, InSize: Positional("inFeatures")),
            LayerKind.Dropout => new LayerSpec(kind, null, null, null, null, location, Probability: Argument(attribute, "p") as double? ?? 0.5),
            LayerKind.BatchNorm2d or LayerKind.BatchNorm1d => new LayerSpec(
                kind, null, null, null, null, location, InSize: Positional("numFeatures"),
                Eps: Value("Eps") as double?, Momentum: Value("Momentum") as double?, Affine: Value("Affine") as bool? ?? true),
            LayerKind.AdaptiveAvgPool2d => new LayerSpec(kind, Positional("outputSize"), null, null, null, location),
            LayerKind.LeakyReLU => new LayerSpec(kind, null, null, null, null, location, NegativeSlope: Slope()),
            _ => new LayerSpec(kind, null, null, null, null, location),
        };
    }

    /// <summary>A constructor argument of any type, by parameter name.</summary>
    private static object? Argument(AttributeData attribute, string name)
    {
        ImmutableArray<IParameterSymbol> parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        for (int i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            if (parameters[i].Name == name)
            {
                return attribute.ConstructorArguments[i].Value;
            }
        }

        return null;
    }
}
