using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The two kernel families emitted from one description: per image, over scalars; and per group of
/// images, over <c>Vector&lt;T&gt;</c> lanes holding the same element of every image in the group. The
/// loop nests and index expressions are the same; only the element type of activations and
/// gradients, and how constants and activations are spelled, differ. Weights are always scalars,
/// broadcast by the multiplication. <see cref="Features"/> says which APIs the consumer's target framework has.
/// </summary>
internal sealed record KernelMode(ScalarNames Scalar, bool IsLanes, TargetFeatures Features)
{
    /// <summary>f(x) = A · tanh(S · x) with A = 1.7159, S = 2/3; from the output, f′ = A·S − (S/A) · y².</summary>
    private static class ScaledTanh
    {
        public const double Amplitude = 1.7159;
        public const double Slope = 2.0 / 3.0;
    }

    private const string Vector = "global::System.Numerics.Vector";

    /// <summary>Appended to kernel names: <c>Conv1Forward</c> and <c>Conv1ForwardLanes</c>.</summary>
    public string Suffix => IsLanes ? "Lanes" : string.Empty;

    /// <summary>Element type of activations and gradients: "float" or "global::System.Numerics.Vector&lt;float&gt;".</summary>
    public string Element => IsLanes ? $"{Vector}<{Scalar.Keyword}>" : Scalar.Keyword;

    public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Element}>";

    public string Span => $"global::System.Span<{Element}>";

    public string Zero => IsLanes ? $"{Element}.Zero" : Scalar.Literal(0);

    public string One => IsLanes ? $"{Element}.One" : Scalar.Literal(1);

    /// <summary>A scalar expression as an element: itself, or broadcast to every lane.</summary>
    public string Broadcast(string scalar) => IsLanes ? $"new {Element}({scalar})" : scalar;

    /// <summary>The activation applied to <paramref name="x"/>.</summary>
    public string Apply(Activation activation, string x) => (activation, IsLanes) switch
    {
        (Activation.None, _) => x,
        (Activation.Tanh, false) => $"{Scalar.Math}.Tanh({x})",
        (Activation.ReLU, false) => $"{Scalar.Math}.Max({x}, {Zero})", // NaN stays NaN, as in PyTorch
        (Activation.Sigmoid, false) => $"{One} / ({One} + {Scalar.Math}.Exp(-{Group(x)}))",
        (Activation.ScaledTanh, false) => $"{Scalar.Literal(ScaledTanh.Amplitude)} * {Scalar.Math}.Tanh({Scalar.Literal(ScaledTanh.Slope)} * {Group(x)})",
        (Activation.ScaledTanh, true) => $"{Scalar.Literal(ScaledTanh.Amplitude)} * global::LeNet.Generated.VectorMath.Tanh({Scalar.Literal(ScaledTanh.Slope)} * {Group(x)})",
        (Activation.Tanh, true) => $"global::LeNet.Generated.VectorMath.Tanh({x})",
        (Activation.ReLU, true) => $"global::LeNet.Generated.VectorMath.ReLU({x})",
        _ => $"global::LeNet.Generated.VectorMath.Sigmoid({x})",
    };

    /// <summary>
    /// a · b + c over vectors: <c>Vector.MultiplyAddEstimate</c>, one FMA instruction where the processor
    /// has one, else a multiply and an add. Not <c>Vector.FusedMultiplyAdd</c>, which promises one rounding:
    /// without FMA it is emulated lane by lane, and NativeAOT emulates it always (the generated LeNet-5
    /// classified 765 instead of about 10,000 images/s as a portable AOT binary). Not a helper method:
    /// in kernels this large the JIT runs out of inlining budget and would call it per multiply-add.
    /// </summary>
    /// <remarks>
    /// .NET 8 has no such method, and an FMA chosen by <c>Fma.IsSupported</c> costs too much either way:
    /// as a helper, its branches take a temporary per call and the JIT stops inlining at 512 locals (a
    /// net8.0 LeNet-5 ran 5–7 times slower, a call per multiply-add in the convolutions); written out as
    /// a conditional expression, it tripled the kernels' IL and branches and pushed the per-image conv2
    /// (700 multiply-adds) into MinOpts. So a multiply and an add: a net8.0 LeNet-5 classifies and trains
    /// at about 0.75× the rate of the net10.0 one.
    /// </remarks>
    public string MultiplyAdd(string a, string b, string c) => Features.HasMultiplyAddEstimate
        ? $"{Vector}.MultiplyAddEstimate({a}, {b}, {c})"
        : $"({Group(a)} * {Group(b)} + {Group(c)})";

    /// <summary>Parenthesises a compound expression so an operator applied to it binds to all of it.</summary>
    private static string Group(string x) => x.IndexOf(' ') >= 0 ? $"({x})" : x;

    /// <summary>
    /// Whether a per-image kernel stores pre-activations and applies <paramref name="activation"/> to its
    /// whole output afterwards, a vector at a time (<see cref="ActivationPass"/>): scalar tanh, sigmoid
    /// and exp cost more than the multiply-adds of a small layer. Lane kernels are vectors already.
    /// </summary>
    public bool Defers(Activation activation) => !IsLanes && activation is Activation.Tanh or Activation.Sigmoid or Activation.ScaledTanh;

    /// <summary>What a kernel stores for output <paramref name="x"/>: activated now, or later by <see cref="ActivationPass"/>.</summary>
    public string Store(Activation activation, string x) => Defers(activation) ? x : Apply(activation, x);

    /// <summary>The statement applying a deferred activation to the output span <c>y</c>, or null.</summary>
    public string? ActivationPass(Activation activation) => !Defers(activation) ? null : activation switch
    {
        Activation.Tanh => "global::LeNet.Generated.VectorMath.TanhInPlace(y);",
        Activation.Sigmoid => "global::LeNet.Generated.VectorMath.SigmoidInPlace(y);",
        _ => "global::LeNet.Generated.VectorMath.ScaledTanhInPlace(y);",
    };

    /// <summary>∂loss/∂x given ∂loss/∂y in <paramref name="dy"/> and the activation's output in <paramref name="y"/>.</summary>
    public string Gradient(Activation activation, string y, string dy) => activation switch
    {
        Activation.Tanh => $"{dy} * ({One} - ({y} * {y}))",
        Activation.ReLU when IsLanes => $"global::LeNet.Generated.VectorMath.ReLUGradient({y}, {dy})",
        Activation.ReLU => $"{y} > {Zero} ? {dy} : {Zero}",
        Activation.Sigmoid => $"{dy} * {y} * ({One} - {y})",
        Activation.ScaledTanh => $"{dy} * ({Broadcast(Scalar.Literal(ScaledTanh.Amplitude * ScaledTanh.Slope))} - ({Scalar.Literal(ScaledTanh.Slope / ScaledTanh.Amplitude)} * ({y} * {y})))",
        _ => dy,
    };
}
