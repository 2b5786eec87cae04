using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// <c>nn.Dropout(p)</c>: in <see cref="NetworkMode.Training"/> each element is zeroed with probability
/// <see cref="P"/> and the rest are scaled by 1/(1 − p), so evaluation needs no rescaling; in
/// <see cref="NetworkMode.Evaluation"/> it is the identity. The backward pass uses the forward pass's
/// mask. Masks come from a seeded hash (<see cref="DropoutKey"/>), not from a global generator.
/// <c>[Dropout]</c>, <c>[Dropout(0.25)]</c>; p must lie in [0, 1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class DropoutAttribute : Attribute
{
    /// <summary><c>nn.Dropout(p)</c>; PyTorch's default p is 0.5.</summary>
    public DropoutAttribute(double p = 0.5) => P = p;

    /// <summary>Probability of zeroing an element while training, in [0, 1).</summary>
    public double P { get; }
}
