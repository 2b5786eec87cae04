using LeNet.Generated;

namespace LeNet.Training;

/// <summary>
/// LeNet-5 as it is written today: ReLU instead of tanh, max pooling instead of averaging, and dropout
/// before the second Linear layer, which trains in <see cref="NetworkMode.Training"/> and is the
/// identity when the test set is evaluated.
/// </summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(1, 6, 5, Padding = 2), ReLU]
[MaxPool2d(2)]
[Conv2d(6, 16, 5), ReLU]
[MaxPool2d(2)]
[Flatten]
[Linear(400, 120), ReLU]
[Dropout(0.5)]
[Linear(120, 84), ReLU]
[Linear(84, 10)]
public sealed partial class ModernLeNet;
