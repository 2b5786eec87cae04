using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// A 2-D convolution as <c>nn.Conv2d(in, outChannels, KernelSize, Stride, Padding)</c>: square kernel,
/// zero padding, bias. Input channels are inferred from the previous layer.
/// Weight layout <c>[out, in, k, k]</c>, bias <c>[out]</c>, as PyTorch's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class Conv2dAttribute(int outChannels) : Attribute
{
    /// <summary>Number of output channels (feature maps).</summary>
    public int OutChannels { get; } = outChannels;

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
