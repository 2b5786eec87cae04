using System.Runtime;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// Zero-allocation checks: a warm-up that lets tiered compilation settle, then the sum of the bytes
/// allocated over several rounds, every byte counted.
/// </summary>
internal static class Allocations
{
    /// <summary>Rounds measured after the warm-up; an allocation in any of them fails the check.</summary>
    public const int Rounds = 10;

    /// <summary>Calls per warm-up phase: past the 30 calls after which the runtime promotes a method to its next tier.</summary>
    private const int CallsPerPhase = 32;

    /// <summary>
    /// Tier-0 code, then (hot methods) instrumented code, then tier-1: a phase of calls for each
    /// promotion. More phases while the JIT is still busy, which also covers on-stack replacement
    /// and the runtime not counting calls in the 100 ms after any method was compiled at tier 0; on a
    /// loaded machine its background compiles lag, and four phases were once not enough.
    /// </summary>
    private const int MinPhases = 3;
    private const int MaxPhases = 10;

    /// <summary>After each phase: the runtime's 100 ms call-counting delay, then time for its background thread to compile what was promoted.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    /// <summary>Bytes this thread allocates in <see cref="Rounds"/> calls of <paramref name="work"/> after <see cref="WarmUp"/>.</summary>
    public static long OnThisThread(Action work)
    {
        WarmUp(work);
        return Measure(work, GC.GetAllocatedBytesForCurrentThread);
    }

    /// <summary>Bytes every thread of the process allocates in <see cref="Rounds"/> calls of <paramref name="work"/> after <see cref="WarmUp"/>.</summary>
    public static long OnAllThreads(Action work)
    {
        WarmUp(work);
        return Measure(work, () => GC.GetTotalAllocatedBytes(precise: true));
    }

    /// <summary>Bytes this thread allocates in <see cref="Rounds"/> calls of <paramref name="work"/>, warmed up already.</summary>
    public static long Measure(Action work) => Measure(work, GC.GetAllocatedBytesForCurrentThread);

    /// <summary>
    /// Runs every piece of work through the runtime's tiers together, sharing the pauses: phases of
    /// <see cref="CallsPerPhase"/> calls each, until a phase and its pause compiled no method
    /// anywhere in the process (OSR and tier-1 included), at least <see cref="MinPhases"/> and at
    /// most <see cref="MaxPhases"/> (other tests may keep the JIT busy).
    /// </summary>
    public static void WarmUp(params IReadOnlyList<Action> works)
    {
        for (int phase = 0; phase < MaxPhases; phase++)
        {
            long compiled = JitInfo.GetCompiledMethodCount();
            foreach (Action work in works)
            {
                for (int call = 0; call < CallsPerPhase; call++)
                {
                    work();
                }
            }

            Thread.Sleep(Pause);
            if (phase + 1 >= MinPhases && JitInfo.GetCompiledMethodCount() == compiled)
            {
                return;
            }
        }
    }

    private static long Measure(Action work, Func<long> allocated)
    {
        long before = allocated();
        for (int round = 0; round < Rounds; round++)
        {
            work();
        }

        return allocated() - before;
    }
}
