using System.Threading;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// APIs of the consumer's target framework that the emitted code uses where they exist, read from the
/// compilation's references. Plain data, equal from one compilation to the next of the same project,
/// so an edit leaves the emission cached.
/// </summary>
/// <param name="HasMultiplyAddEstimate"><c>System.Numerics.Vector.MultiplyAddEstimate</c> (.NET 9 and later).</param>
internal sealed record TargetFeatures(bool HasMultiplyAddEstimate)
{
    /// <summary>Everything the emitter can use: .NET 9 and later.</summary>
    public static TargetFeatures Latest { get; } = new(HasMultiplyAddEstimate: true);

    public static TargetFeatures From(Compilation compilation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Null when no reference defines it, or more than one does (then the safe spelling is used).
        INamedTypeSymbol? vector = compilation.GetTypeByMetadataName("System.Numerics.Vector");
        return new TargetFeatures(HasMultiplyAddEstimate: vector is not null && !vector.GetMembers("MultiplyAddEstimate").IsEmpty);
    }
}
