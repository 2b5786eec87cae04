using System.Numerics;
using LeNet.Generated.Optimizers;

namespace LeNet.Generated.Tests;

/// <summary>The members the generator adds to a network whose loss reads targets, for tests generic over such networks.</summary>
public interface ITargets<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    T AccumulateGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T scale, Span<T> inputGradients = default, Span<int> predictions = default);

    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, IOptimizer<T> optimizer);
}

/// <summary>
/// LeakyReLU against PyTorch: the default slope fused into a convolution whose tiling average pool applies
/// its derivative, a positional slope fused into a convolution and a named one standing alone after a Tanh.
/// </summary>
[Network(Channels = 2, Height = 10, Width = 10)]
[Conv2d(4, KernelSize = 3), LeakyReLU]
[AvgPool2d(2)]
[Conv2d(5, KernelSize = 2), LeakyReLU(0.2)]
[Linear(8), Tanh, LeakyReLU(NegativeSlope = 0.3)]
[Linear(6)]
public sealed partial class LeakyNet;

/// <summary><see cref="LeakyNet"/> in double precision, for PyTorch's float64 numbers and central differences.</summary>
[Network(Channels = 2, Height = 10, Width = 10, ElementType = typeof(double))]
[Conv2d(4, KernelSize = 3), LeakyReLU]
[AvgPool2d(2)]
[Conv2d(5, KernelSize = 2), LeakyReLU(0.2)]
[Linear(8), Tanh, LeakyReLU(NegativeSlope = 0.3)]
[Linear(6)]
public sealed partial class LeakyNetDouble;

/// <summary>
/// Pool padding against PyTorch: overlapping max pooling in a −∞ border after ReLU (ties at zero), an average
/// that divides by the input elements each window covers, and one that counts the zero border.
/// </summary>
[Network(Channels = 2, Height = 11, Width = 11)]
[Conv2d(4, KernelSize = 3), ReLU]
[MaxPool2d(3, 2, 1)]
[Conv2d(5, KernelSize = 2), Tanh]
[AvgPool2d(3, Stride = 2, Padding = 1, CountIncludePad = false)]
[AvgPool2d(2, Padding = 1)]
[Linear(6)]
public sealed partial class PaddedPoolNet;

/// <summary><see cref="PaddedPoolNet"/> in double precision.</summary>
[Network(Channels = 2, Height = 11, Width = 11, ElementType = typeof(double))]
[Conv2d(4, KernelSize = 3), ReLU]
[MaxPool2d(3, 2, 1)]
[Conv2d(5, KernelSize = 2), Tanh]
[AvgPool2d(3, Stride = 2, Padding = 1, CountIncludePad = false)]
[AvgPool2d(2, Padding = 1)]
[Linear(6)]
public sealed partial class PaddedPoolNetDouble;

/// <summary>
/// Global average pooling against PyTorch: over a 4x7x5 map with a Tanh fused after it, and as the last layer of
/// an all-convolutional end (a 1x1 convolution's six maps averaged into six logits).
/// </summary>
[Network(Channels = 2, Height = 9, Width = 7)]
[Conv2d(4, KernelSize = 3), ReLU]
[AdaptiveAvgPool2d(1), Tanh]
[Conv2d(6, KernelSize = 1)]
[AdaptiveAvgPool2d(1)]
public sealed partial class GlobalPoolNet;

/// <summary><see cref="GlobalPoolNet"/> in double precision.</summary>
[Network(Channels = 2, Height = 9, Width = 7, ElementType = typeof(double))]
[Conv2d(4, KernelSize = 3), ReLU]
[AdaptiveAvgPool2d(1), Tanh]
[Conv2d(6, KernelSize = 1)]
[AdaptiveAvgPool2d(1)]
public sealed partial class GlobalPoolNetDouble;

/// <summary>
/// Mean squared error against PyTorch: a regression of four outputs squashed into (0, 1) by a Sigmoid after the
/// last layer, which a regression may want (no LENET017 for this loss).
/// </summary>
[Network(Channels = 1, Height = 8, Width = 8, Loss = LossFunction.MeanSquaredError)]
[Conv2d(3, KernelSize = 3), Tanh]
[MaxPool2d(2)]
[Linear(4), Sigmoid]
public sealed partial class RegressionNet : ITargets<float>;

/// <summary><see cref="RegressionNet"/> in double precision.</summary>
[Network(Channels = 1, Height = 8, Width = 8, ElementType = typeof(double), Loss = LossFunction.MeanSquaredError)]
[Conv2d(3, KernelSize = 3), Tanh]
[MaxPool2d(2)]
[Linear(4), Sigmoid]
public sealed partial class RegressionNetDouble : ITargets<double>;

/// <summary>BCE-with-logits against PyTorch: five independent labels (multi-label) from raw logits.</summary>
[Network(Channels = 2, Height = 7, Width = 7, Loss = LossFunction.BinaryCrossEntropyWithLogits)]
[Conv2d(4, KernelSize = 3), LeakyReLU]
[AdaptiveAvgPool2d(1)]
[Linear(5)]
public sealed partial class MultiLabelNet : ITargets<float>;

/// <summary><see cref="MultiLabelNet"/> in double precision.</summary>
[Network(Channels = 2, Height = 7, Width = 7, ElementType = typeof(double), Loss = LossFunction.BinaryCrossEntropyWithLogits)]
[Conv2d(4, KernelSize = 3), LeakyReLU]
[AdaptiveAvgPool2d(1)]
[Linear(5)]
public sealed partial class MultiLabelNetDouble : ITargets<double>;
