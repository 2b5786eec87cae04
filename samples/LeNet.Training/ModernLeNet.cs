using LeNet.Generated;

namespace LeNet.Training;

/// <summary>
/// LeNet-5 as it is written today: each convolution followed by batch normalisation, ReLU instead of tanh,
/// max pooling instead of averaging, and dropout before the second Linear layer. Batch norm normalises with
/// each step's statistics and dropout drops in <see cref="NetworkMode.Training"/>; when the test set is
/// evaluated, batch norm uses its running statistics and dropout is the identity.
/// </summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(1, 6, 5, Padding = 2), BatchNorm2d(6), ReLU]
[MaxPool2d(2)]
[Conv2d(6, 16, 5), BatchNorm2d(16), ReLU]
[MaxPool2d(2)]
[Flatten]
[Linear(400, 120), ReLU]
[Dropout(0.5)]
[Linear(120, 84), ReLU]
[Linear(84, 10)]
public sealed partial class ModernLeNet;
