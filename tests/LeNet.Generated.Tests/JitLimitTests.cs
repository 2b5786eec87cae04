using LeNet.Generated.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests;

/// <summary>
/// No generated method may come near any of RyuJIT's five optimisation limits (<see cref="JitLimits"/>):
/// past one, a method is compiled with MinOpts for good and runs several times slower, silently.
/// Read from the IL of every generated type of this assembly, found by what it implements rather
/// than by name; <see cref="Reliability.LargeSpecTests"/> checks the largest specs the generator accepts.
/// </summary>
public sealed class JitLimitTests(ITestOutputHelper output)
{
    public static TheoryData<Type> Networks => new(NetworkTypes());

    [Fact]
    public void TheNetworksOfThisAssemblyAreFound()
    {
        Type[] networks = [.. NetworkTypes()];
        Assert.Contains(typeof(LeNet5), networks);
        Assert.Contains(typeof(LeNet1998), networks);
        Assert.Contains(typeof(Reliability.CheckpointedNet), networks);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryGeneratedMethodKeepsAQuarterOfEveryLimitInReserve(Type network)
    {
        List<string> failures = JitLimits.Check(
            network.Name,
            JitLimits.GeneratedMethods(network.Assembly).Where(m => m.Network == network).Select(m => m.Method),
            output.WriteLine);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<Type> NetworkTypes() => JitLimits.GeneratedMethods(typeof(JitLimitTests).Assembly).Select(m => m.Network).Distinct();
}
