using System.Numerics;

namespace LeNet.Generated.Optimizers;

/// <summary>
/// Updates a flat parameter vector from its gradient. An optimizer allocates its state once, at
/// construction, for a fixed number of parameters, and nothing per step.
/// </summary>
public interface IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of parameters this optimizer's state was sized for.</summary>
    int ParameterCount { get; }

    /// <summary>Learning rate of the next step; schedules change it between steps.</summary>
    T LearningRate { get; set; }

    /// <summary>
    /// The optimizer's state (momentum buffer, moment estimates) as one vector, so a checkpoint can
    /// save it and restore it in place; empty for a stateless optimizer.
    /// </summary>
    Span<T> State { get; }

    /// <summary>Updates applied so far; a checkpoint restores it with <see cref="State"/> (0 means no state yet).</summary>
    long Steps { get; set; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients);

    /// <summary>
    /// Applies update number <see cref="Steps"/> + 1 to the parameters from <paramref name="offset"/> on
    /// (<paramref name="parameters"/> and <paramref name="gradients"/> are that range of the whole
    /// vectors), without counting it. Threads may update disjoint ranges of one step at once; once
    /// every range is done, <see cref="Steps"/> goes up by one. Each element gets the same bits as from
    /// <see cref="Step"/>.
    /// </summary>
    void Update(Span<T> parameters, ReadOnlySpan<T> gradients, int offset);
}
