namespace LeNet.Generated.Tests;

/// <summary>
/// Dropout over a feature map (after a convolution, before a pool) and between Linear layers, in float:
/// checked against PyTorch with the same masks, which Golden/make_golden_modes.py recomputes from the
/// keys (<see cref="DropoutModesParityTests"/>).
/// </summary>
[Network(Channels = 2, Height = 8, Width = 8)]
[Conv2d(4, KernelSize = 3, Padding = 1), ReLU]
[Dropout(0.25)]
[MaxPool2d(2)]
[Linear(12), Tanh]
[Dropout]
[Linear(5)]
public sealed partial class DropoutNet;

/// <summary>
/// Dropout first (on the input), and a dropout followed by an activation of its own, in double: against
/// PyTorch, and by central finite differences with the masks fixed.
/// </summary>
[Network(Channels = 2, Height = 8, Width = 8, ElementType = typeof(double))]
[Dropout(0.2)]
[Conv2d(4, KernelSize = 3, Padding = 1), Tanh]
[AvgPool2d(2)]
[Linear(12)]
[Dropout(0.5), Sigmoid]
[Linear(5)]
public sealed partial class DropoutNetDouble;

/// <summary>A small MNIST network with dropout for the trainer's tests: masks across threads, resuming, evaluation.</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(4, KernelSize = 5), ReLU]
[MaxPool2d(4)]
[Dropout(0.5)]
[Linear(32), ReLU]
[Dropout(0.25)]
[Linear(10)]
public sealed partial class DropoutMnistNet;
