namespace LeNet.Generated;

/// <summary>
/// The loss a network trains with, chosen on <see cref="NetworkAttribute.Loss"/>. Each has PyTorch's default
/// reduction, the mean (named so that <c>LossFunction.MeanSquaredError</c> in the attribute does not meet the network's <c>Loss</c> method): over the images for cross-entropy, over every output of every image for the others.
/// </summary>
public enum LossFunction
{
    /// <summary><c>nn.CrossEntropyLoss()</c>: softmax cross-entropy of the outputs (logits) against a class label per image.</summary>
    CrossEntropy,

    /// <summary><c>nn.MSELoss()</c>: the mean of (output − target)² over the N × OutputLength targets.</summary>
    MeanSquaredError,

    /// <summary>
    /// <c>nn.BCEWithLogitsLoss()</c>: binary cross-entropy of sigmoid(output) against a target in [0, 1] per
    /// output (multi-label), computed from the logit without overflow, as PyTorch does; the mean over the N × OutputLength targets.
    /// </summary>
    BinaryCrossEntropyWithLogits,
}
