using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Average pooling over square windows, as <c>nn.AvgPool2d(kernelSize, Stride)</c>
/// (no padding, floor mode). The stride defaults to the window size.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class AvgPool2dAttribute(int kernelSize) : Attribute
{
    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }
}
