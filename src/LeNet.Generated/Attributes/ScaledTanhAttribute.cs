using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// The 1998 paper's squashing function, y = 1.7159 · tanh(2x/3): scaled so that f(±1) = ±1 and
/// the gain is largest there. Applied to the output of the layer before it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class ScaledTanhAttribute : Attribute;
