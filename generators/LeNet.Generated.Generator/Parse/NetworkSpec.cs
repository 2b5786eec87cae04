using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// The parse stage's output: the <c>[Network]</c> class and its attributes as plain data, with the
/// problems found while reading them (not partial, generic, layers split over declarations, …).
/// </summary>
/// <param name="Type">Where to emit the network.</param>
/// <param name="Location">The <c>[Network]</c> attribute, for diagnostics about the whole network.</param>
/// <param name="Channels">Input channels, if set.</param>
/// <param name="Height">Input height, if set.</param>
/// <param name="Width">Input width, if set.</param>
/// <param name="Scalar">Element type.</param>
/// <param name="Layers">Layer attributes in source order.</param>
/// <param name="Diagnostics">Problems found while parsing; a spec with errors here is not validated further.</param>
/// <param name="HasCompilerErrors">An attribute did not bind (the compiler reports why); nothing is generated and nothing more reported.</param>
/// <param name="Loss">The loss the network trains with.</param>
internal sealed record NetworkSpec(
    TypeDeclaration Type,
    LocationInfo? Location,
    int? Channels,
    int? Height,
    int? Width,
    ScalarType Scalar,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool HasCompilerErrors,
    LossKind Loss = LossKind.CrossEntropy);
