using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// A fully connected layer as <c>nn.Linear(in_features, out_features)</c>, written as PyTorch writes
/// it, <c>[Linear(400, 120)]</c>, or with the input size inferred, <c>[Linear(120)]</c>. A C×H×W input
/// is flattened in row-major order first, as <c>nn.Flatten</c> does (<see cref="FlattenAttribute"/>
/// may say so explicitly). Weight layout <c>[out, in]</c>, bias <c>[out]</c>, as PyTorch's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class LinearAttribute : Attribute
{
    /// <summary>Output features; the input features are inferred from the layer before.</summary>
    public LinearAttribute(int outFeatures) => OutFeatures = outFeatures;

    /// <summary><c>nn.Linear(in_features, out_features)</c>; the input features are checked against the layer before.</summary>
    public LinearAttribute(int inFeatures, int outFeatures)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    /// <summary>Input features as written, or 0 when they are inferred from the layer before.</summary>
    public int InFeatures { get; }

    /// <summary>Number of output features.</summary>
    public int OutFeatures { get; }
}
