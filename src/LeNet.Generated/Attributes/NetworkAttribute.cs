using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Declares a network: the input shape and, stacked after it in source order, the layer attributes
/// (<see cref="Conv2dAttribute"/>, <see cref="AvgPool2dAttribute"/>, <see cref="MaxPool2dAttribute"/>, <see cref="AdaptiveAvgPool2dAttribute"/>,
/// <see cref="LinearAttribute"/>, <see cref="FlattenAttribute"/>, <see cref="TanhAttribute"/>, <see cref="ReLUAttribute"/>,
/// <see cref="SigmoidAttribute"/>, <see cref="LeakyReLUAttribute"/>, <see cref="ScaledTanhAttribute"/>). The class must be <c>partial</c>; the
/// generator adds the network. Layer attributes on a class without it are an error (LENET014).
/// </summary>
/// <remarks>Build-time input only: the attribute is conditional and leaves nothing in the compiled assembly.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Input channels (C of C×H×W). Default 1.</summary>
    public int Channels { get; set; } = 1;

    /// <summary>Input height in pixels (H of C×H×W). Required.</summary>
    public int Height { get; set; }

    /// <summary>Input width in pixels (W of C×H×W). Required.</summary>
    public int Width { get; set; }

    /// <summary>Element type of parameters and activations: <c>typeof(float)</c> (default) or <c>typeof(double)</c>.</summary>
    public Type? ElementType { get; set; }

    /// <summary>
    /// The loss the network trains with: <see cref="LossFunction.CrossEntropy"/> (default) against class labels, or
    /// <see cref="LossFunction.MeanSquaredError"/> or <see cref="LossFunction.BinaryCrossEntropyWithLogits"/> against a target per output.
    /// </summary>
    public LossFunction Loss { get; set; }
}
