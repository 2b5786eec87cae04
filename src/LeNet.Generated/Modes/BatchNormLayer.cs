using System.ComponentModel;

namespace LeNet.Generated;

/// <summary>
/// One batch normalisation layer of a generated network: where its input and output lie in a lane group's
/// buffers (per lane), where its parameters lie in the parameter vector and its running statistics in the
/// buffers vector. The runtime normalises between the segments of a pass (<see cref="BatchNorm"/>).
/// </summary>
/// <param name="Name">The layer's name, the prefix of its <c>state_dict</c> keys (<c>bn1</c>).</param>
/// <param name="Channels">Features normalised separately: channels of a C×H×W input, features of a flat one.</param>
/// <param name="Plane">Elements per channel of one image: H·W for <c>BatchNorm2d</c>, 1 for <c>BatchNorm1d</c>.</param>
/// <param name="KeptInput">Offset of the input among a training pass's kept activations.</param>
/// <param name="KeptOutput">Offset of the output among a training pass's kept activations.</param>
/// <param name="AlternatingInput">Offset of the input in the alternating layout (evaluation, activation gradients).</param>
/// <param name="AlternatingOutput">Offset of the output in the alternating layout.</param>
/// <param name="Weight">Offset of γ in the parameters, or −1 without <c>affine</c>; β follows it.</param>
/// <param name="Buffers">Offset of <c>running_mean</c> in the buffers vector; <c>running_var</c> follows it, then <c>num_batches_tracked</c>.</param>
/// <param name="Eps">Added to the variance inside the square root.</param>
/// <param name="Momentum">Weight of a pass's statistics in the running ones.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct BatchNormLayer(
    string Name, int Channels, int Plane,
    int KeptInput, int KeptOutput, int AlternatingInput, int AlternatingOutput,
    int Weight, int Buffers, double Eps, double Momentum)
{
    /// <summary>Elements of one image's input (and output).</summary>
    public int Length => Channels * Plane;

    /// <summary>Offset of β in the parameters, or −1 without <c>affine</c>.</summary>
    public int Bias => Weight < 0 ? -1 : Weight + Channels;

    /// <summary>Elements this layer takes in the buffers vector: running mean and variance, and the count of batches.</summary>
    public int BufferLength => (2 * Channels) + 1;
}
