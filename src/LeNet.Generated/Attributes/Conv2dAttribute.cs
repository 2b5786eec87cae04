using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// A 2-D convolution as <c>nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)</c>:
/// square kernel, zero padding, bias. Written as PyTorch writes it, <c>[Conv2d(1, 6, 5)]</c> or
/// <c>[Conv2d(1, 6, 5, 1, 2)]</c>, or with the input channels inferred, <c>[Conv2d(6, KernelSize = 5)]</c>.
/// Weight layout <c>[out, in, k, k]</c>, bias <c>[out]</c>, as PyTorch's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class Conv2dAttribute : Attribute
{
    /// <summary>Output channels; the input channels are inferred from the layer before.</summary>
    public Conv2dAttribute(int outChannels) => OutChannels = outChannels;

    /// <summary><c>nn.Conv2d(in_channels, out_channels, kernel_size)</c>; the input channels are checked against the layer before.</summary>
    public Conv2dAttribute(int inChannels, int outChannels, int kernelSize)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
    }

    /// <summary><c>nn.Conv2d(in_channels, out_channels, kernel_size, stride)</c>.</summary>
    public Conv2dAttribute(int inChannels, int outChannels, int kernelSize, int stride)
        : this(inChannels, outChannels, kernelSize) => Stride = stride;

    /// <summary><c>nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)</c>.</summary>
    public Conv2dAttribute(int inChannels, int outChannels, int kernelSize, int stride, int padding)
        : this(inChannels, outChannels, kernelSize, stride) => Padding = padding;

    /// <summary>Input channels as written, or 0 when they are inferred from the layer before.</summary>
    public int InChannels { get; }

    /// <summary>Number of output channels (feature maps).</summary>
    public int OutChannels { get; }

    /// <summary>Side of the square kernel. Required.</summary>
    public int KernelSize { get; set; }

    /// <summary>Step between kernel positions. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding added on every side. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>
    /// A connection table: which input channels each output channel sees, as in LeNet-5's C3 layer
    /// (see <see cref="ConnectionTables"/>). One group per output channel, groups separated by
    /// <c>;</c>, input channels by <c>,</c>: <c>"0,1,2; 1,2,3; …"</c>. Absent connections have no
    /// weights and cost nothing; the weight is then <c>[connections, k, k]</c>, grouped by output
    /// channel. Default: every output channel sees every input channel.
    /// </summary>
    public string? Connections { get; set; }
}
