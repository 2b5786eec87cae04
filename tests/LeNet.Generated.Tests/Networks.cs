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
