using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Validate;

/// <summary>A valid network: input shape and layers with every shape inferred. Free of locations, so
/// edits that only move the declaration leave it equal and the emitted code cached.</summary>
internal sealed record NetworkModel(TypeDeclaration Type, ScalarType Scalar, Shape Input, EquatableArray<Layer> Layers, LossKind Loss = LossKind.CrossEntropy);

/// <summary>The validate stage's output: a model when the spec is valid, and the diagnostics either way.</summary>
internal sealed record ValidationResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
