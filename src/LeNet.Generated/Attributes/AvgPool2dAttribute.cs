using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Average pooling over square windows, as <c>nn.AvgPool2d(kernel_size, stride, padding, count_include_pad)</c>
/// (floor mode): <c>[AvgPool2d(2)]</c>, <c>[AvgPool2d(2, 2)]</c>, <c>[AvgPool2d(3, 2, 1)]</c> or
/// <c>[AvgPool2d(3, Stride = 2, Padding = 1, CountIncludePad = false)]</c>. The stride defaults to the window size. With <see cref="Trainable"/> it is LeNet-5's subsampling
/// layer: each channel's average times a trainable coefficient plus a trainable bias.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class AvgPool2dAttribute : Attribute
{
    /// <summary><c>nn.AvgPool2d(kernel_size)</c>: the stride is the window size.</summary>
    public AvgPool2dAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary><c>nn.AvgPool2d(kernel_size, stride)</c>.</summary>
    public AvgPool2dAttribute(int kernelSize, int stride)
    {
        KernelSize = kernelSize;
        Stride = stride;
    }

    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; }

    /// <summary><c>nn.AvgPool2d(kernel_size, stride, padding)</c>.</summary>
    public AvgPool2dAttribute(int kernelSize, int stride, int padding)
    {
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
    }

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }

    /// <summary>Implicit zero border on each side, at most half the window (as PyTorch requires). Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>
    /// Whether the padding counts in each window's divisor, as PyTorch's <c>count_include_pad</c> (default
    /// true: every window divides by k²); false divides by the input elements the window covers.
    /// </summary>
    public bool CountIncludePad { get; set; } = true;

    /// <summary>
    /// Multiplies each channel's averages by a trainable coefficient and adds a trainable bias
    /// (parameters <c>weight [C]</c> and <c>bias [C]</c>, initialised to 1 and 0), as the 1998 paper's S2 and S4.
    /// </summary>
    public bool Trainable { get; set; }
}
