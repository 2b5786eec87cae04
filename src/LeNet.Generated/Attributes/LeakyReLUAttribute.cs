using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Element-wise activation <c>nn.LeakyReLU(negative_slope)</c>: y = x where x &gt; 0, else
/// <see cref="NegativeSlope"/> · x, applied to the output of the layer before it: <c>[LeakyReLU]</c>
/// (slope 0.01), <c>[LeakyReLU(0.2)]</c> or <c>[LeakyReLU(NegativeSlope = 0.2)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class LeakyReLUAttribute : Attribute
{
    /// <summary><c>nn.LeakyReLU()</c>: slope 0.01.</summary>
    public LeakyReLUAttribute()
    {
    }

    /// <summary><c>nn.LeakyReLU(negative_slope)</c>.</summary>
    public LeakyReLUAttribute(double negativeSlope) => NegativeSlope = negativeSlope;

    /// <summary>
    /// The slope for negative inputs, 0.01 by default as PyTorch's. It must be finite and not negative: the
    /// backward pass reads the derivative off the output, which a negative slope would make ambiguous.
    /// </summary>
    public double NegativeSlope { get; set; } = 0.01;
}
