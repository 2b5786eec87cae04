namespace LeNet.Generated.Generator.Validate;

/// <summary>An element-wise activation. Each one's derivative can be computed from its output alone.</summary>
internal enum Activation
{
    None,
    Tanh,
    ReLU,
    Sigmoid,

    /// <summary>1.7159 · tanh(2x/3), the 1998 paper's squashing function.</summary>
    ScaledTanh,
}
