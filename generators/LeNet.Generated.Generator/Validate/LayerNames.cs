using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// Layer names as in the classic PyTorch LeNet-5 (<c>conv1</c>, <c>pool1</c>, <c>fc1</c>): they
/// prefix the <c>state_dict</c> keys and name the emitted kernels. Counted per kind, from 1.
/// </summary>
internal sealed class LayerNames
{
    private int _conv, _pool, _linear, _flatten, _dropout, _batchNorm, _activation;

    public string Next(LayerKind kind) => kind switch
    {
        LayerKind.Conv2d => "conv" + ++_conv,
        LayerKind.AvgPool2d or LayerKind.MaxPool2d or LayerKind.AdaptiveAvgPool2d => "pool" + ++_pool,
        LayerKind.Linear => "fc" + ++_linear,
        LayerKind.Flatten => "flatten" + ++_flatten,
        LayerKind.Dropout => "dropout" + ++_dropout,
        LayerKind.BatchNorm2d or LayerKind.BatchNorm1d => "bn" + ++_batchNorm,
        _ => "act" + ++_activation,
    };
}
