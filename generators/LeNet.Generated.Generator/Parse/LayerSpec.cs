using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Parse;

/// <summary>
/// One layer attribute as the user wrote it, before any checking. Arguments the attribute did not
/// set are <see langword="null"/>; their defaults are the validator's business.
/// </summary>
/// <param name="Kind">Which attribute.</param>
/// <param name="Size">OutChannels of Conv2d, OutFeatures of Linear or the output size of AdaptiveAvgPool2d.</param>
/// <param name="KernelSize">Kernel of Conv2d or window of a pool.</param>
/// <param name="Stride">Stride of Conv2d or of a pool.</param>
/// <param name="Padding">Padding of Conv2d or of a pool.</param>
/// <param name="Location">The attribute, for diagnostics.</param>
/// <param name="Connections">Conv2d's connection table as written, if set.</param>
/// <param name="Trainable">AvgPool2d's trainable coefficient and bias.</param>
/// <param name="Probability">Dropout's p as written (PyTorch's default 0.5 when not).</param>
/// <param name="InSize">InChannels of Conv2d or InFeatures of Linear when written (PyTorch's spelling); checked against the inferred size.</param>
/// <param name="NegativeSlope">LeakyReLU's slope for negative inputs, if set.</param>
/// <param name="CountIncludePad">AvgPool2d's <c>count_include_pad</c>: the padding counts in each window's divisor.</param>
/// <param name="Eps">A batch norm's eps, if set.</param>
/// <param name="Momentum">A batch norm's momentum, if set.</param>
/// <param name="Affine">A batch norm's <c>affine</c>: it has γ and β.</param>
internal sealed record LayerSpec(LayerKind Kind, int? Size, int? KernelSize, int? Stride, int? Padding, LocationInfo? Location, string? Connections = null, bool Trainable = false, int? InSize = null, double? Probability = null, double? NegativeSlope = null, bool CountIncludePad = true, double? Eps = null, double? Momentum = null, bool Affine = true);
