using System.ComponentModel;
using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Average pooling over square windows, as <c>nn.AvgPool2d(kernel_size, stride)</c>
/// (no padding, floor mode): <c>[AvgPool2d(2)]</c>, <c>[AvgPool2d(2, 2)]</c> or <c>[AvgPool2d(3, Stride = 2)]</c>.
/// The stride defaults to the window size. With <see cref="Trainable"/> it is LeNet-5's subsampling
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

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }

    /// <summary>
    /// Multiplies each channel's averages by a trainable coefficient and adds a trainable bias
    /// (parameters <c>weight [C]</c> and <c>bias [C]</c>, initialised to 1 and 0), as the 1998 paper's S2 and S4.
    /// </summary>
    public bool Trainable { get; set; }

    /// <summary>Not supported: pools have no padding. Declared so that setting it is a clear compile error.</summary>
    [Obsolete(PoolPadding.Message, error: true)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int Padding { get => 0; set { } }
}
