namespace LeNet.Generated.Generator.Parse;

/// <summary>The loss chosen on <c>[Network(Loss = LossFunction.…)]</c>, with the runtime enum's values.</summary>
internal enum LossKind
{
    CrossEntropy,
    MeanSquaredError,
    BinaryCrossEntropyWithLogits,
}
