using LeNet.Generated;

namespace LeNet.Browser;

/// <summary>The LeNet-5 of samples/LeNet.Training, whose weights wwwroot/lenet5.safetensors holds.</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
[AvgPool2d(2)]
[Conv2d(16, KernelSize = 5), Tanh]
[AvgPool2d(2)]
[Linear(120), Tanh]
[Linear(84), Tanh]
[Linear(10)]
public sealed partial class LeNet5;
