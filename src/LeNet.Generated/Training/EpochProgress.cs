namespace LeNet.Generated.Training;

/// <summary>
/// How far training is into an epoch: the steps already taken in it, with the sum of their losses
/// (each batch's mean loss times its images) and the images they classified correctly, so that an
/// epoch resumed from a checkpoint reports the same figures as one never interrupted. The default
/// value is the start of an epoch.
/// </summary>
/// <param name="Step">Steps taken in the epoch; the next step is <paramref name="Step"/> + 1.</param>
/// <param name="LossSum">Σ loss × images over those steps.</param>
/// <param name="Correct">Training images those steps classified correctly.</param>
public readonly record struct EpochProgress(int Step, double LossSum, int Correct);
