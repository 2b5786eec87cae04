using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// How the kernels of one profile spell their element: a lane kernel's element is a vector holding the
/// same element of every image of a group (<c>Vector512&lt;float&gt;</c>, …), or one scalar at the scalar
/// profile, where the same kernels run one image at a time. Loop nests and index expressions are the
/// same at every profile; only the element type, the broadcast and the multiply-add differ. Weights
/// are always scalars, broadcast as they are used.
/// </summary>
internal sealed record KernelMode(ScalarNames Scalar, Profile Profile, TargetFeatures Features)
{
    private const string Intrinsics = "global::System.Runtime.Intrinsics";
    private const string VectorMath = "global::LeNet.Generated.VectorMath";

    public bool IsVector => Profile.IsVector;

    /// <summary>The static class of the vector type: "global::System.Runtime.Intrinsics.Vector512".</summary>
    public string VectorClass => $"{Intrinsics}.Vector{Profile.Width}";

    /// <summary>The vector type: "global::System.Runtime.Intrinsics.Vector512&lt;float&gt;".</summary>
    public string Vector => $"{VectorClass}<{Scalar.Keyword}>";

    /// <summary>Element type of a lane kernel's activations and gradients: the vector, or the scalar itself.</summary>
    public string Element => IsVector ? Vector : Scalar.Keyword;

    /// <summary>Images per lane group.</summary>
    public int Lanes => Profile.Lanes(Scalar.Type);

    /// <summary>The <c>VectorWidth</c> member of this profile, fully qualified.</summary>
    public string WidthMember => $"global::LeNet.Generated.VectorWidth.{Profile.Name}";

    public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Element}>";

    public string Span => $"global::System.Span<{Element}>";

    public string Zero => IsVector ? $"{Element}.Zero" : Scalar.Literal(0);

    public string One => IsVector ? $"{Element}.One" : Scalar.Literal(1);

    /// <summary>A scalar expression as an element: broadcast to every lane, or itself.</summary>
    public string Broadcast(string scalar) => IsVector ? $"{VectorClass}.Create({scalar})" : scalar;

    /// <summary>
    /// a · b + c: one fused multiply-add instruction where the processor has one, else a multiply and an
    /// add (<c>MultiplyAddEstimate</c>). Not <c>FusedMultiplyAdd</c>, which promises one rounding and is
    /// emulated element by element without FMA (NativeAOT's default instruction set has none). Every
    /// profile computes a lane's value with the same instruction, so the bits agree.
    /// </summary>
    /// <remarks>
    /// Where the target lacks it (.NET 8) or runs it slowly (the browser's interpreter), a multiply and an
    /// add, as <c>VectorMath</c> does there too. An FMA chosen by <c>Fma.IsSupported</c> costs too much on
    /// .NET 8 either way: as a helper, its branches take a temporary per call and the JIT stops inlining
    /// at 512 locals (a call per multiply-add in the convolutions, 5–7 times slower); written out as a
    /// conditional expression, it tripled the kernels' IL and pushed the largest into MinOpts.
    /// </remarks>
    public string MultiplyAdd(string a, string b, string c) => !Features.FusesMultiplyAdds
        ? $"({Group(a)} * {Group(b)} + {Group(c)})"
        : IsVector ? $"{VectorClass}.MultiplyAddEstimate({a}, {b}, {c})" : $"{Scalar.Keyword}.MultiplyAddEstimate({a}, {b}, {c})";

    /// <summary>Parenthesises a compound expression so an operator applied to it binds to all of it.</summary>
    private static string Group(string x) => x.IndexOf(' ') >= 0 ? $"({x})" : x;

    /// <summary>The activation applied to <paramref name="x"/>: the same function at every profile (see <c>VectorMath</c>).</summary>
    public string Apply(Activation activation, string x) => activation.Kind switch
    {
        ActivationKind.None => x,
        ActivationKind.Tanh => $"{VectorMath}.Tanh({x})",
        ActivationKind.ReLU => $"{VectorMath}.ReLU({x})",
        ActivationKind.Sigmoid => $"{VectorMath}.Sigmoid({x})",
        ActivationKind.LeakyReLU => $"{VectorMath}.LeakyReLU({x}, {Scalar.Literal(activation.NegativeSlope)})",
        _ => $"{VectorMath}.ScaledTanh({x})",
    };

    /// <summary>∂loss/∂x given ∂loss/∂y in <paramref name="dy"/> and the activation's output in <paramref name="y"/>.</summary>
    public string Gradient(Activation activation, string y, string dy) => activation.Kind switch
    {
        ActivationKind.Tanh => $"{dy} * ({One} - ({y} * {y}))",
        ActivationKind.ReLU => $"{VectorMath}.ReLUGradient({y}, {dy})",
        ActivationKind.Sigmoid => $"{dy} * {y} * ({One} - {y})",
        ActivationKind.LeakyReLU => $"{VectorMath}.LeakyReLUGradient({y}, {dy}, {Scalar.Literal(activation.NegativeSlope)})",
        ActivationKind.ScaledTanh => $"{dy} * ({Broadcast(Scalar.Literal(ScaledTanh.Amplitude * ScaledTanh.Slope))} - ({Scalar.Literal(ScaledTanh.Slope / ScaledTanh.Amplitude)} * ({y} * {y})))",
        _ => dy,
    };

    /// <summary>The statement applying an activation to a per-image kernel's whole output <c>y</c> a vector at a time, or null.</summary>
    public string? ActivationPass(Activation activation) => activation.Kind switch
    {
        ActivationKind.Tanh => $"{VectorMath}.TanhInPlace(y, {WidthMember});",
        ActivationKind.Sigmoid => $"{VectorMath}.SigmoidInPlace(y, {WidthMember});",
        ActivationKind.ScaledTanh => $"{VectorMath}.ScaledTanhInPlace(y, {WidthMember});",
        _ => null,
    };

    /// <summary>f(x) = A · tanh(S · x) with A = 1.7159, S = 2/3; from the output, f′ = A·S − (S/A) · y².</summary>
    private static class ScaledTanh
    {
        public const double Amplitude = 1.7159;
        public const double Slope = 2.0 / 3.0;
    }
}
