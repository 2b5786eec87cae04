using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Max pooling over square windows, as <c>nn.MaxPool2d(kernelSize, Stride)</c>
/// (no padding, floor mode). The stride defaults to the window size. On ties the gradient goes
/// to the first maximum in row-major order, as PyTorch's CPU kernel does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class MaxPool2dAttribute(int kernelSize) : Attribute
{
    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }
}
