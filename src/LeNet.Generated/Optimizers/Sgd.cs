using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace LeNet.Generated.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
/// step for step as <c>torch.optim.SGD</c>:
/// <code>
/// g = grad + weight_decay · p
/// buf = g on the first step, else momentum · buf + (1 − dampening) · g
/// g = nesterov ? g + momentum · buf : buf        (when momentum ≠ 0)
/// p = p − lr · g
/// </code>
/// </summary>
public sealed class Sgd<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    /// <summary>Creates the optimizer and its momentum buffer for <paramref name="parameterCount"/> parameters.</summary>
    public Sgd(int parameterCount, T learningRate, T momentum = default, T weightDecay = default, T dampening = default, bool nesterov = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        RequireNonNegative(learningRate, nameof(learningRate));
        RequireNonNegative(momentum, nameof(momentum));
        RequireNonNegative(weightDecay, nameof(weightDecay));
        RequireNonNegative(dampening, nameof(dampening));
        if (nesterov && (momentum <= T.Zero || dampening != T.Zero))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0, as in torch.optim.SGD.", nameof(nesterov));
        }

        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Dampening = dampening;
        Nesterov = nesterov;
        _momentumBuffer = momentum == T.Zero ? [] : new T[parameterCount];
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public T LearningRate { get; set; }

    /// <summary>Momentum factor; 0 disables the momentum buffer.</summary>
    public T Momentum { get; }

    /// <summary>L2 penalty added to every gradient as <c>weight_decay · p</c>.</summary>
    public T WeightDecay { get; }

    /// <summary>Dampening applied to the gradient when it enters the momentum buffer.</summary>
    public T Dampening { get; }

    /// <summary>Whether to use Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The momentum buffer (empty when momentum is 0); it holds state once <see cref="Steps"/> is above 0.</summary>
    public Span<T> State => _momentumBuffer;

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
        T minusLr = -LearningRate;
        T weightDecay = WeightDecay;
        // Whole vectors first, then the rest one by one; the same fused operations either way, so every
        // element gets the same bits (PyTorch's fma(−lr, g, p)).
        Span<Vector<T>> p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
        ReadOnlySpan<Vector<T>> d = MemoryMarshal.Cast<T, Vector<T>>(gradients);
        int tail = p.Length * Vector<T>.Count;
        if (Momentum == T.Zero)
        {
            Vector<T> decay = new(weightDecay), step = new(minusLr);
            for (int j = 0; j < p.Length; j++)
            {
                Vector<T> g = Fused.MultiplyAdd(decay, p[j], d[j]);
                p[j] = Fused.MultiplyAdd(step, g, p[j]);
            }

            for (int i = tail; i < parameters.Length; i++)
            {
                T g = T.FusedMultiplyAdd(weightDecay, parameters[i], gradients[i]);
                parameters[i] = T.FusedMultiplyAdd(minusLr, g, parameters[i]);
            }

            return;
        }

        Span<T> buffer = _momentumBuffer.AsSpan(offset, parameters.Length);
        T momentum = Momentum;
        T keep = T.One - Dampening;
        bool first = Steps == 0; // PyTorch starts the buffer at the first gradient, not at 0
        Span<Vector<T>> bv = MemoryMarshal.Cast<T, Vector<T>>(buffer);
        Vector<T> decayV = new(weightDecay), minusLrV = new(minusLr), momentumV = new(momentum), keepV = new(keep);
        for (int j = 0; j < p.Length; j++)
        {
            Vector<T> g = Fused.MultiplyAdd(decayV, p[j], d[j]);
            Vector<T> b = first ? g : Fused.MultiplyAdd(momentumV, bv[j], keepV * g);
            bv[j] = b;
            Vector<T> step = Nesterov ? Fused.MultiplyAdd(momentumV, b, g) : b;
            p[j] = Fused.MultiplyAdd(minusLrV, step, p[j]);
        }

        for (int i = tail; i < parameters.Length; i++)
        {
            T g = T.FusedMultiplyAdd(weightDecay, parameters[i], gradients[i]);
            T b = first ? g : T.FusedMultiplyAdd(momentum, buffer[i], keep * g);
            buffer[i] = b;
            T step = Nesterov ? T.FusedMultiplyAdd(momentum, b, g) : b;
            parameters[i] = T.FusedMultiplyAdd(minusLr, step, parameters[i]);
        }
    }

    private static void RequireNonNegative(T value, string paramName)
    {
        if (!(value >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Expected a finite value ≥ 0.");
        }
    }
}
