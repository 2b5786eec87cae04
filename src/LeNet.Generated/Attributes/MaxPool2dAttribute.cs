using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Max pooling over square windows, as <c>nn.MaxPool2d(kernel_size, stride, padding)</c>
/// (floor mode): <c>[MaxPool2d(2)]</c>, <c>[MaxPool2d(2, 2)]</c>, <c>[MaxPool2d(3, 2, 1)]</c> or
/// <c>[MaxPool2d(3, Stride = 2, Padding = 1)]</c>. The stride defaults to the window size; padding reads as −∞. On ties the gradient goes to the first maximum in
/// row-major order, as PyTorch's CPU kernel does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class MaxPool2dAttribute : Attribute
{
    /// <summary><c>nn.MaxPool2d(kernel_size)</c>: the stride is the window size.</summary>
    public MaxPool2dAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary><c>nn.MaxPool2d(kernel_size, stride)</c>.</summary>
    public MaxPool2dAttribute(int kernelSize, int stride)
    {
        KernelSize = kernelSize;
        Stride = stride;
    }

    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; }

    /// <summary><c>nn.MaxPool2d(kernel_size, stride, padding)</c>.</summary>
    public MaxPool2dAttribute(int kernelSize, int stride, int padding)
    {
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
    }

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }

    /// <summary>
    /// Implicit −∞ border on each side, at most half the window (as PyTorch requires). Default 0. A window whose
    /// input elements are all −∞ sends its gradient to the border, where PyTorch sends it to its first input element.
    /// </summary>
    public int Padding { get; set; }
}
