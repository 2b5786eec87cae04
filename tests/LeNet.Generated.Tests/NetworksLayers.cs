namespace LeNet.Generated.Tests;

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
