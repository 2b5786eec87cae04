namespace LeNet.Generated.Generator.Validate;

/// <summary>Which element-wise activation. Each one's derivative can be computed from its output alone.</summary>
internal enum ActivationKind
{
    None,
    Tanh,
    ReLU,
    Sigmoid,

    /// <summary>1.7159 · tanh(2x/3), the 1998 paper's squashing function.</summary>
    ScaledTanh,

    /// <summary>x where x &gt; 0, else slope · x; with a slope of at least 0 the output's sign is the input's.</summary>
    LeakyReLU,
}

/// <summary>An element-wise activation with its argument: <see cref="NegativeSlope"/> is LeakyReLU's, 0 for the others.</summary>
internal readonly record struct Activation(ActivationKind Kind, double NegativeSlope = 0)
{
    public static Activation None => default;

    public static Activation Tanh => new(ActivationKind.Tanh);

    public static Activation ReLU => new(ActivationKind.ReLU);

    public static Activation Sigmoid => new(ActivationKind.Sigmoid);

    public static Activation ScaledTanh => new(ActivationKind.ScaledTanh);

    public static Activation LeakyReLU(double negativeSlope) => new(ActivationKind.LeakyReLU, negativeSlope);

    public bool IsNone => Kind == ActivationKind.None;
}
