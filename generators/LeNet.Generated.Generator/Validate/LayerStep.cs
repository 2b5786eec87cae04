using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Validate;

/// <summary>A layer attribute as the validator saw it: its name, the shape trace up to it, and its output shape if it was inferred.</summary>
internal sealed record LayerStep(LayerSpec Spec, string Name, string Where, Shape? Output);
