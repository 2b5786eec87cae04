using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>Element-wise activation <c>nn.Tanh</c>: y = tanh(x), applied to the output of the layer before it.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class TanhAttribute : Attribute;
