using System.ComponentModel;

namespace LeNet.Generated;

/// <summary>Lengths and offsets, in elements per lane, of the buffers a lane group runs in.</summary>
/// <param name="ForwardLength">An evaluation pass: activations in two alternating regions.</param>
/// <param name="ForwardInput">Where an evaluation pass reads its input.</param>
/// <param name="ForwardOutput">Where an evaluation pass leaves its logits.</param>
/// <param name="ActivationLength">A training pass: every activation kept for the backward pass.</param>
/// <param name="ActivationInput">Where a training pass reads its input.</param>
/// <param name="ActivationOutput">Where a training pass leaves its logits.</param>
/// <param name="GradientLength">Activation gradients, in two alternating regions.</param>
/// <param name="GradientOutput">Where the backward pass reads ∂loss/∂logits.</param>
/// <param name="GradientInput">Where the backward pass leaves ∂loss/∂input.</param>
/// <param name="ScratchLength">Per-lane parameter gradients and transposed inputs the backward pass works in.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct LaneLayout(
    int ForwardLength, int ForwardInput, int ForwardOutput,
    int ActivationLength, int ActivationInput, int ActivationOutput,
    int GradientLength, int GradientOutput, int GradientInput,
    int ScratchLength);
