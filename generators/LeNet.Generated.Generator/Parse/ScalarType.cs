namespace LeNet.Generated.Generator.Parse;

/// <summary>Element type of a network's parameters and activations.</summary>
internal enum ScalarType
{
    Float,
    Double,
}
