namespace LeNet.Generated;

/// <summary>One named parameter tensor inside a network's flat parameter vector.</summary>
/// <param name="Name">PyTorch <c>state_dict</c> key, e.g. <c>conv1.weight</c>.</param>
/// <param name="Offset">Index of its first element in the flat vector.</param>
/// <param name="Shape">PyTorch shape, e.g. <c>[6, 1, 5, 5]</c>.</param>
public sealed record ParameterTensor(string Name, int Offset, IReadOnlyList<int> Shape)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length { get; } = Shape.Aggregate(1, (product, size) => product * size);
}
