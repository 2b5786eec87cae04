using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Optimizers;

/// <summary>
/// Adam with L2 weight decay, step for step as <c>torch.optim.Adam</c>:
/// <code>
/// g = grad + weight_decay · p
/// m = β₁ · m + (1 − β₁) · g          v = β₂ · v + (1 − β₂) · g²
/// p = p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public sealed class Adam<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _state;

    /// <summary>Creates the optimizer and its two moment vectors for <paramref name="parameterCount"/> parameters.</summary>
    public Adam(int parameterCount, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T weightDecay = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Beta1 = beta1 ?? T.CreateChecked(0.9);
        Beta2 = beta2 ?? T.CreateChecked(0.999);
        Epsilon = epsilon ?? T.CreateChecked(1e-8);
        WeightDecay = weightDecay;
        if (!(learningRate >= T.Zero) || !(Beta1 >= T.Zero && Beta1 < T.One) || !(Beta2 >= T.Zero && Beta2 < T.One) || !(Epsilon >= T.Zero) || !(weightDecay >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), $"Expected lr ≥ 0, 0 ≤ β₁, β₂ < 1, ε ≥ 0 and weight decay ≥ 0; got lr {learningRate}, β₁ {Beta1}, β₂ {Beta2}, ε {Epsilon}, weight decay {weightDecay}.");
        }

        _state = new T[2 * parameterCount];
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public T LearningRate { get; set; }

    /// <summary>Decay of the first-moment estimate.</summary>
    public T Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public T Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public T Epsilon { get; }

    /// <summary>L2 penalty added to every gradient as <c>weight_decay · p</c>.</summary>
    public T WeightDecay { get; }

    /// <summary>The first-moment vector followed by the second-moment vector.</summary>
    public Span<T> State => _state;

    /// <inheritdoc />
    public long Steps { get; set; }

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        Guard.Length(parameters.Length, ParameterCount, nameof(parameters));
        Guard.Length(gradients.Length, ParameterCount, nameof(gradients));
        Update(parameters, gradients, 0);
        Steps++;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(Span<T> parameters, ReadOnlySpan<T> gradients, int offset)
    {
        Guard.Range(offset, parameters.Length, ParameterCount, nameof(offset));
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Span<T> m = _state.AsSpan(offset, parameters.Length);
        Span<T> v = _state.AsSpan(ParameterCount + offset, parameters.Length);
        T t = T.CreateChecked(Steps + 1);
        T stepSize = LearningRate / (T.One - T.Pow(Beta1, t));
        T correction2 = T.Sqrt(T.One - T.Pow(Beta2, t));
        T keep1 = T.One - Beta1, keep2 = T.One - Beta2;

        // Whole vectors first, then the rest one by one: the same operations in the same order, so every
        // element gets the same bits either way.
        Span<Vector<T>> pv = MemoryMarshal.Cast<T, Vector<T>>(parameters), mv = MemoryMarshal.Cast<T, Vector<T>>(m), vv = MemoryMarshal.Cast<T, Vector<T>>(v);
        ReadOnlySpan<Vector<T>> gv = MemoryMarshal.Cast<T, Vector<T>>(gradients);
        Vector<T> decay = new(WeightDecay), beta1 = new(Beta1), beta2 = new(Beta2), keep1V = new(keep1), keep2V = new(keep2);
        Vector<T> stepV = new(stepSize), correction2V = new(correction2), epsilon = new(Epsilon);
        for (int j = 0; j < pv.Length; j++)
        {
            Vector<T> g = gv[j] + (decay * pv[j]);
            mv[j] = (beta1 * mv[j]) + (keep1V * g);
            vv[j] = (beta2 * vv[j]) + (keep2V * g * g);
            pv[j] -= stepV * (mv[j] / ((Vector.SquareRoot(vv[j]) / correction2V) + epsilon));
        }

        for (int i = pv.Length * Vector<T>.Count; i < parameters.Length; i++)
        {
            T g = gradients[i] + (WeightDecay * parameters[i]);
            m[i] = (Beta1 * m[i]) + (keep1 * g);
            v[i] = (Beta2 * v[i]) + (keep2 * g * g);
            parameters[i] -= stepSize * (m[i] / ((T.Sqrt(v[i]) / correction2) + Epsilon));
        }
    }
}
