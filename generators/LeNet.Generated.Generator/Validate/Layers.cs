using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Validate;

/// <summary>A validated layer with its inferred input and output shapes.</summary>
internal abstract record Layer(Shape Input, Shape Output);

/// <summary>
/// <c>nn.Conv2d(Input.Channels, Output.Channels, Kernel, Stride, Padding)</c>; with a connection table
/// (<see cref="Table"/> not empty), output channel o sees only the input channels <c>Table[o]</c>.
/// </summary>
internal sealed record Conv2dLayer(Shape Input, Shape Output, int Kernel, int Stride, int Padding, EquatableArray<EquatableArray<int>> Table) : Layer(Input, Output)
{
    /// <summary>Input-to-output channel connections, each with its own K×K kernel.</summary>
    public int Connections => ConnectionTable.Count(Table, Input.Channels, Output.Channels);
}

/// <summary>
/// <c>nn.AvgPool2d</c> or <c>nn.MaxPool2d</c> with a square window and an implicit border of <see cref="Padding"/>
/// (−∞ for max, 0 for average, which <see cref="CountIncludePad"/> counts in the divisor or not); a trainable
/// average pool scales and shifts each channel.
/// </summary>
internal sealed record PoolLayer(bool IsMax, Shape Input, Shape Output, int Kernel, int Stride, bool Trainable = false, int Padding = 0, bool CountIncludePad = true) : Layer(Input, Output);

/// <summary><c>nn.AdaptiveAvgPool2d(1)</c>: each channel's mean, C×H×W to C×1×1.</summary>
internal sealed record GlobalAvgPoolLayer(Shape Input, Shape Output) : Layer(Input, Output);

/// <summary><c>nn.Linear(Input.Length, Output.Channels)</c> over the row-major flattened input.</summary>
/// <param name="AfterFlatten">A <c>[Flatten]</c> is declared before it: the same numbers, and a line of its own in the summary.</param>
internal sealed record LinearLayer(Shape Input, Shape Output, bool AfterFlatten = false) : Layer(Input, Output);

/// <summary><c>nn.Dropout(P)</c>: element-wise, shape-preserving, no parameters; its mask is drawn at run time.</summary>
internal sealed record DropoutLayer(double P, Shape Input) : Layer(Input, Input);

/// <summary>
/// <c>nn.BatchNorm2d</c> (<see cref="Spatial"/>: per channel over N·H·W) or <c>nn.BatchNorm1d</c> (per feature over N);
/// shape-preserving; γ and β with <see cref="Affine"/>.
/// </summary>
internal sealed record BatchNormLayer(Shape Input, bool Spatial, double Eps, double Momentum, bool Affine) : Layer(Input, Input)
{
    /// <summary>Features normalised separately.</summary>
    public int Channels => Spatial ? Input.Channels : Input.Length;

    /// <summary>Elements of one image per feature.</summary>
    public int Plane => Spatial ? Input.Plane : 1;
}

/// <summary>An element-wise activation; output shape equals input shape.</summary>
internal sealed record ActivationLayer(Activation Kind, Shape Input) : Layer(Input, Input);
