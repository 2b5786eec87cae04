using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>Element-wise activation <c>nn.Sigmoid</c>: y = 1 / (1 + exp(−x)), applied to the output of the layer before it.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class SigmoidAttribute : Attribute;
