using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Average pooling over square windows, as <c>nn.AvgPool2d(kernelSize, Stride)</c>
/// (no padding, floor mode). The stride defaults to the window size. With <see cref="Trainable"/>
/// it is LeNet-5's subsampling layer: each channel's average times a trainable coefficient plus a
/// trainable bias.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class AvgPool2dAttribute(int kernelSize) : Attribute
{
    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Step between windows. Defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get; set; }

    /// <summary>
    /// Multiplies each channel's averages by a trainable coefficient and adds a trainable bias
    /// (parameters <c>weight [C]</c> and <c>bias [C]</c>, initialised to 1 and 0), as the 1998 paper's S2 and S4.
    /// </summary>
    public bool Trainable { get; set; }
}
