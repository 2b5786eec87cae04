using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// A fully connected layer as <c>nn.Linear(in, outFeatures)</c>. The input size is inferred; a
/// C×H×W input is flattened in row-major order first, as <c>nn.Flatten</c> does.
/// Weight layout <c>[out, in]</c>, bias <c>[out]</c>, as PyTorch's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class LinearAttribute(int outFeatures) : Attribute
{
    /// <summary>Number of output features.</summary>
    public int OutFeatures { get; } = outFeatures;
}
