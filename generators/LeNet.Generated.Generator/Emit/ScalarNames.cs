using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Emit;

/// <summary>How the emitted code spells the element type and its math functions.</summary>
internal sealed record ScalarNames(ScalarType Type)
{
    /// <summary>"float" or "double".</summary>
    public string Keyword => Type == ScalarType.Float ? "float" : "double";

    /// <summary>The math class: <c>MathF</c> for float keeps the computation in single precision, as PyTorch does.</summary>
    public string Math => Type == ScalarType.Float ? "global::System.MathF" : "global::System.Math";

    /// <summary>"global::System.Span&lt;float&gt;".</summary>
    public string Span => $"global::System.Span<{Keyword}>";

    /// <summary>"global::System.ReadOnlySpan&lt;float&gt;".</summary>
    public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Keyword}>";

    public string Literal(double value) => Emit.Literal.Scalar(Type, value);
}
