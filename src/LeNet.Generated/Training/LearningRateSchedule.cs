namespace LeNet.Generated.Training;

/// <summary>Scales the base learning rate over a run, evaluated before every step.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The base learning rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>Half a cosine from the base rate down to 0 over the whole run, step by step.</summary>
    public static LearningRateSchedule Cosine { get; } = new CosineSchedule();

    /// <summary>The base rate times <paramref name="gamma"/> after every <paramref name="epochs"/> epochs (<c>StepLR</c>).</summary>
    public static LearningRateSchedule Step(int epochs, double gamma) => new StepSchedule(epochs, gamma);

    /// <summary>The factor for the step at <paramref name="epoch"/> + <paramref name="fraction"/> of a run of <paramref name="epochs"/> epochs.</summary>
    /// <param name="epoch">Epoch, from 0.</param>
    /// <param name="fraction">Steps already taken in this epoch over the steps per epoch, in [0, 1).</param>
    /// <param name="epochs">Epochs in the run.</param>
    public abstract double Factor(int epoch, double fraction, int epochs);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double Factor(int epoch, double fraction, int epochs) => 1;

        public override string ToString() => "constant";
    }

    private sealed class CosineSchedule : LearningRateSchedule
    {
        public override double Factor(int epoch, double fraction, int epochs) => 0.5 * (1 + Math.Cos(Math.PI * (epoch + fraction) / epochs));

        public override string ToString() => "cosine";
    }

    private sealed class StepSchedule : LearningRateSchedule
    {
        private readonly int _epochs;
        private readonly double _gamma;

        public StepSchedule(int epochs, double gamma)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
            (_epochs, _gamma) = (epochs, gamma);
        }

        public override double Factor(int epoch, double fraction, int epochs) => Math.Pow(_gamma, epoch / _epochs);

        public override string ToString() => $"step({_epochs}, {_gamma})";
    }
}
