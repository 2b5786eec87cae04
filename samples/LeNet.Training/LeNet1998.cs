using LeNet.Generated;

namespace LeNet.Training;

/// <summary>
/// LeCun et al. (1998)'s own LeNet-5: 32×32 input (MNIST padded by 2 with background), C3's
/// connection table, trainable subsampling and the scaled squashing function; a Linear(10) with
/// cross-entropy stands in for the paper's fixed RBF output layer.
/// </summary>
[Network(Channels = 1, Height = 32, Width = 32)]
[Conv2d(6, KernelSize = 5), ScaledTanh]                                                  // C1
[AvgPool2d(2, Trainable = true), ScaledTanh]                                             // S2
[Conv2d(16, KernelSize = 5, Connections = ConnectionTables.LeNet1998C3), ScaledTanh]    // C3
[AvgPool2d(2, Trainable = true), ScaledTanh]                                             // S4
[Conv2d(120, KernelSize = 5), ScaledTanh]                                                // C5
[Linear(84), ScaledTanh]                                                                 // F6
[Linear(10)]                                                                             // output
public sealed partial class LeNet1998;
