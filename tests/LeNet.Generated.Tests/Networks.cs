namespace LeNet.Generated.Tests;

/// <summary>The classic LeNet-5 as PyTorch writes it, checked against PyTorch in <see cref="PyTorchParityTests"/>.</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
[AvgPool2d(2)]
[Conv2d(16, KernelSize = 5), Tanh]
[AvgPool2d(2)]
[Linear(120), Tanh]
[Linear(84), Tanh]
[Linear(10)]
public sealed partial class LeNet5;

/// <summary>
/// The rest of the vocabulary against PyTorch: stride with padding, overlapping max pooling after
/// ReLU (ties at zero), sigmoid, overlapping average pooling, and an activation after an activation.
/// </summary>
[Network(Channels = 2, Height = 13, Width = 13)]
[Conv2d(4, KernelSize = 3, Stride = 2, Padding = 1), ReLU]
[MaxPool2d(2, Stride = 1)]
[Conv2d(5, KernelSize = 3), Sigmoid]
[AvgPool2d(3, Stride = 1)]
[Linear(12), ReLU, Tanh]
[Linear(7)]
public sealed partial class MixedNet;

/// <summary>A smooth network in double precision for central finite differences over every parameter.</summary>
[Network(Channels = 2, Height = 9, Width = 9, ElementType = typeof(double))]
[Conv2d(3, KernelSize = 3, Stride = 2, Padding = 1), Tanh]
[AvgPool2d(2, Stride = 1)]
[Conv2d(4, KernelSize = 2), Sigmoid]
[Linear(6), Tanh]
[Linear(5)]
public sealed partial class SmoothNet;

/// <summary>
/// LeCun et al. (1998)'s own LeNet-5: 32×32 input, the C3 connection table, trainable subsampling,
/// the scaled squashing function, and (instead of the paper's fixed RBF output) a Linear(10).
/// </summary>
[Network(Channels = 1, Height = 32, Width = 32)]
[Conv2d(6, KernelSize = 5), ScaledTanh]
[AvgPool2d(2, Trainable = true), ScaledTanh]
[Conv2d(16, KernelSize = 5, Connections = ConnectionTables.LeNet1998C3), ScaledTanh]
[AvgPool2d(2, Trainable = true), ScaledTanh]
[Conv2d(120, KernelSize = 5), ScaledTanh]
[Linear(84), ScaledTanh]
[Linear(10)]
public sealed partial class LeNet1998;

/// <summary>The paper's features in double precision and small enough for finite differences over every parameter.</summary>
[Network(Channels = 3, Height = 8, Width = 8, ElementType = typeof(double))]
[Conv2d(4, KernelSize = 3, Connections = "0,1; 1,2; 2,0; 0,1,2"), ScaledTanh]
[AvgPool2d(2, Trainable = true), ScaledTanh]
[Conv2d(3, KernelSize = 2, Connections = "3,0; 1; 2,1,0"), Sigmoid]
[Linear(5)]
public sealed partial class PaperFeaturesNet;

/// <summary>
/// <see cref="LeNet5"/> transcribed line by line from its PyTorch <c>nn.Module</c> (README, "Declaring a
/// network"), in PyTorch's positional spelling with an explicit Flatten: the same network, which
/// <see cref="PyTorchSpellingTests"/> checks.
/// </summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(1, 6, 5, Padding = 2), Tanh]
[AvgPool2d(2)]
[Conv2d(6, 16, 5), Tanh]
[AvgPool2d(2)]
[Flatten]
[Linear(16 * 5 * 5, 120), Tanh]
[Linear(120, 84), Tanh]
[Linear(84, 10)]
public sealed partial class TorchSpelledLeNet5;
