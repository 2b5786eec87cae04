namespace LeNet.Generated;

/// <summary>
/// How a pass runs the layers that behave differently while training, as PyTorch's
/// <c>module.train()</c> and <c>module.eval()</c>: <see cref="DropoutAttribute">Dropout</see> drops and rescales in
/// <see cref="Training"/> and is the identity in <see cref="Evaluation"/>. Passed explicitly to every
/// call that could run either way, never held as a setting, so no call depends on an earlier one;
/// <c>default</c> is neither and is rejected.
/// </summary>
public enum NetworkMode
{
    /// <summary>PyTorch's <c>module.eval()</c>: what <c>Predict</c>, <c>Forward</c> and <c>Loss</c> always run.</summary>
    Evaluation = 1,

    /// <summary>PyTorch's <c>module.train()</c>: what <c>TrainStep</c> and a trainer's steps run.</summary>
    Training = 2,
}
