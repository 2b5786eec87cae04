using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// <c>nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True)</c> over a flat input (after a <see cref="LinearAttribute">Linear</see> or <see cref="FlattenAttribute">Flatten</see>): each feature is normalised over the images of a pass.
/// In <see cref="NetworkMode.Training"/>: y = (x − mean) / √(var + eps) · γ + β with the pass's mean and biased
/// variance, and the running statistics move by <see cref="Momentum"/> towards the mean and the unbiased variance.
/// In <see cref="NetworkMode.Evaluation"/>: the running statistics stand in for the pass's. γ (<c>weight</c>, 1) and
/// β (<c>bias</c>, 0) are parameters; <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c> are
/// buffers, outside the parameters. <c>[Linear(120), BatchNorm1d, ReLU]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class BatchNorm1dAttribute : Attribute
{
    /// <summary>The number of features inferred from the layer before.</summary>
    public BatchNorm1dAttribute()
    {
    }

    /// <summary><c>nn.BatchNorm1d(num_features)</c>; the number is checked against the layer before.</summary>
    public BatchNorm1dAttribute(int numFeatures) => NumFeatures = numFeatures;

    /// <summary>Features as written, or 0 when they are inferred from the layer before.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance inside the square root; PyTorch's default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Weight of a training pass's statistics in the running ones, in [0, 1]; PyTorch's default 0.1.</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>Whether the layer has the trainable γ and β (<c>affine=True</c>, the default).</summary>
    public bool Affine { get; set; } = true;
}
