namespace LeNet.Generated.Generator.Model;

/// <summary>An element-wise activation. Each one's derivative can be computed from its output alone.</summary>
internal enum Activation
{
    None,
    Tanh,
    ReLU,
    Sigmoid,
}
