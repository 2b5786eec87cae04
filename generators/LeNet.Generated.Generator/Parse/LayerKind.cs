namespace LeNet.Generated.Generator.Parse;

/// <summary>The layer attributes a user can stack, one value per attribute type.</summary>
internal enum LayerKind
{
    Conv2d,
    AvgPool2d,
    MaxPool2d,
    Linear,
    Tanh,
    ReLU,
    Sigmoid,
    ScaledTanh,
    LeakyReLU,

    /// <summary><c>nn.AdaptiveAvgPool2d(1)</c>: global average pooling.</summary>
    AdaptiveAvgPool2d,

    /// <summary><c>nn.Flatten()</c>: changes no number; it says where the feature map becomes a vector.</summary>
    Flatten,

    /// <summary><c>nn.Dropout(p)</c>: zeroes and rescales in training, the identity in evaluation.</summary>
    Dropout,

    /// <summary><c>nn.BatchNorm2d</c>: each channel of a C×H×W input normalised over a pass; running statistics in evaluation.</summary>
    BatchNorm2d,

    /// <summary><c>nn.BatchNorm1d</c>: each feature of a flat input normalised over a pass; running statistics in evaluation.</summary>
    BatchNorm1d,
}

internal static class LayerKindExtensions
{
    public static bool IsActivation(this LayerKind kind) => kind is LayerKind.Tanh or LayerKind.ReLU or LayerKind.Sigmoid or LayerKind.ScaledTanh or LayerKind.LeakyReLU;

    public static bool IsBatchNorm(this LayerKind kind) => kind is LayerKind.BatchNorm2d or LayerKind.BatchNorm1d;

    public static bool IsPool(this LayerKind kind) => kind is LayerKind.AvgPool2d or LayerKind.MaxPool2d;

    public static bool IsSpatial(this LayerKind kind) => kind is LayerKind.Conv2d or LayerKind.AvgPool2d or LayerKind.MaxPool2d or LayerKind.AdaptiveAvgPool2d;
}
