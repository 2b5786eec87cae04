using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>Element-wise activation <c>nn.ReLU</c>: y = max(x, 0), applied to the output of the layer before it.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class ReLUAttribute : Attribute;
