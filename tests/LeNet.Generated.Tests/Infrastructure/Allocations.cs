namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>Zero-allocation checks that tolerate the runtime's own one-off work.</summary>
internal static class Allocations
{
    /// <summary>
    /// Runs <paramref name="work"/> in <paramref name="rounds"/> rounds on this thread and returns the
    /// fewest bytes any round allocated. Code that allocates does so in every round; the runtime's
    /// one-off work (a method tiering up, a lazily created cache) lands in one round at most.
    /// </summary>
    public static long LeastPerRound(Action work, int rounds = 5)
    {
        long least = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
