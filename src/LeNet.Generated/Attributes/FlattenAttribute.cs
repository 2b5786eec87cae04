using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// <c>nn.Flatten()</c>: reads a C×H×W feature map as a vector of C·H·W features, row-major. A
/// <see cref="LinearAttribute"/> flattens its input anyway, so this changes no number; it lets a
/// declaration follow a PyTorch module line by line, and the model summary shows it. It belongs
/// between the last convolution or pool and the first Linear.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class FlattenAttribute : Attribute;
