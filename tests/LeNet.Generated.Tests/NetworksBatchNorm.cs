namespace LeNet.Generated.Tests;

/// <summary>
/// BatchNorm2d after a convolution (before its activation) and BatchNorm1d between Linear layers, in float:
/// checked against PyTorch (Golden/make_golden_batchnorm.py, <see cref="BatchNormParityTests"/>).
/// </summary>
[Network(Channels = 2, Height = 8, Width = 8)]
[Conv2d(4, KernelSize = 3, Padding = 1)]
[BatchNorm2d(4), ReLU]
[MaxPool2d(2)]
[Linear(12)]
[BatchNorm1d, Tanh]
[Linear(5)]
public sealed partial class BatchNormNet;

/// <summary>
/// A batch norm without γ and β first (on the input), one with its own eps and momentum after an activation,
/// and BatchNorm1d, in double: against PyTorch, and by central finite differences in training mode.
/// </summary>
[Network(Channels = 2, Height = 8, Width = 8, ElementType = typeof(double))]
[BatchNorm2d(2, Affine = false)]
[Conv2d(4, KernelSize = 3, Padding = 1), Tanh]
[BatchNorm2d(Eps = 1e-3, Momentum = 0.3)]
[AvgPool2d(2)]
[Linear(12)]
[BatchNorm1d(12), Sigmoid]
[Linear(5)]
public sealed partial class BatchNormNetDouble;

/// <summary>A small MNIST network with batch norms for the trainer's tests: statistics per thread's share, the running ones from the first.</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(4, KernelSize = 5), BatchNorm2d, ReLU]
[MaxPool2d(4)]
[Linear(32), BatchNorm1d, ReLU]
[Linear(10)]
public sealed partial class BatchNormMnistNet;
