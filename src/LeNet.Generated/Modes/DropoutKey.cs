namespace LeNet.Generated;

/// <summary>
/// Which dropout masks a training pass draws: <see cref="Step"/> keys the step, and the images passed
/// are images <see cref="FirstImage"/>, <see cref="FirstImage"/> + 1, … of that step's whole batch. Each
/// element's keep-or-drop is a hash of the step, the dropout layer, the image's place in the batch and
/// the element's index (<see cref="DropoutMasks"/>), so a mask does not depend on the vector width, on
/// how a batch is split between threads, or on what ran before.
/// </summary>
/// <param name="Step">Keys one step; <see cref="ForStep"/> derives it from a run's seed, epoch and step.</param>
/// <param name="FirstImage">Where, in the step's whole batch, the first image passed lies.</param>
public readonly record struct DropoutKey(ulong Step, int FirstImage = 0)
{
    /// <summary>The key of step <paramref name="step"/> of epoch <paramref name="epoch"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static DropoutKey ForStep(int seed, int epoch, long step) =>
        new(DropoutMasks.Mix(DropoutMasks.Mix(DropoutMasks.Mix((ulong)(uint)seed) ^ (uint)epoch) ^ (ulong)step));

    /// <summary>The same step, from image <paramref name="offset"/> of the images this key covers.</summary>
    public DropoutKey From(int offset) => this with { FirstImage = FirstImage + offset };
}
