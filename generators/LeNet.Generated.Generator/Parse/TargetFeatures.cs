using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// What the consumer's target offers the emitted code, read from the compilation's references and the
/// project's runtime identifier. Plain data, equal from one compilation to the next of the same project,
/// so an edit leaves the emission cached.
/// </summary>
/// <param name="HasMultiplyAddEstimate"><c>MultiplyAddEstimate</c> on the vector types (.NET 9 and later).</param>
/// <param name="IsBrowser">
/// The project runs in the browser (runtime identifier <c>browser-wasm</c>): .NET's WebAssembly interpreter
/// runs <c>MultiplyAddEstimate</c> as a call, several times slower than a multiply and an add.
/// </param>
internal sealed record TargetFeatures(bool HasMultiplyAddEstimate, bool IsBrowser = false)
{
    /// <summary>Everything the emitter can use: .NET 9 and later, outside the browser.</summary>
    public static TargetFeatures Latest { get; } = new(HasMultiplyAddEstimate: true);

    /// <summary>Whether the kernels spell a · b + c as one fused instruction, or as a multiply and an add.</summary>
    public bool FusesMultiplyAdds => HasMultiplyAddEstimate && !IsBrowser;

    public static TargetFeatures From(Compilation compilation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Null when no reference defines it, or more than one does (then the safe spelling is used).
        INamedTypeSymbol? vector = compilation.GetTypeByMetadataName("System.Numerics.Vector");
        return new TargetFeatures(HasMultiplyAddEstimate: vector is not null && !vector.GetMembers("MultiplyAddEstimate").IsEmpty);
    }

    /// <summary>Whether the project's <c>RuntimeIdentifier</c> (made visible to the compiler by the package's build props) is the browser's.</summary>
    public static bool RunsInBrowser(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue("build_property.RuntimeIdentifier", out string? identifier)
        && identifier.StartsWith("browser", System.StringComparison.OrdinalIgnoreCase);
}
