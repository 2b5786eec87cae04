namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// Tests that count the bytes allocated by every thread of the process; they run alone, after the
/// parallel tests, so other tests' allocations do not count against them.
/// </summary>
[CollectionDefinition(nameof(AllocationSensitive), DisableParallelization = true)]
public sealed class AllocationSensitive;
