using System.Reflection;

namespace LeNet.Generated.Tests;

/// <summary>
/// No generated method may cross RyuJIT's optimisation limits: past 60,000 IL bytes or 2,000 locals
/// (the JIT's DEFAULT_MIN_OPTS_CODE_SIZE and DEFAULT_MIN_OPTS_LV_NUM_COUNT) a method is compiled with
/// MinOpts for good and runs several times slower, silently. Read from the compiled networks of this assembly.
/// </summary>
public sealed class JitLimitTests
{
    private const int MaxIlBytes = 60_000;
    private const int MaxLocals = 2_000;

    public static TheoryData<Type> Networks => [typeof(LeNet5), typeof(LeNet1998), typeof(MixedNet), typeof(SmoothNet), typeof(PaperFeaturesNet)];

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryGeneratedMethodStaysInsideTheOptimisingLimits(Type network)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> Nested(Type type) => type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(n => Nested(n).Prepend(n));
        var methods = Nested(network).Prepend(network).SelectMany(t => t.GetMethods(all)).ToList();
        Assert.Contains(methods, m => m.Name == "Conv1Forward" && m.DeclaringType!.Name == "Vector512");

        foreach (MethodInfo method in methods)
        {
            MethodBody? body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            int il = body.GetILAsByteArray()!.Length;
            Assert.True(il <= MaxIlBytes, $"{network.Name}.{method.Name} has {il} IL bytes; RyuJIT stops optimising past {MaxIlBytes}.");
            Assert.True(body.LocalVariables.Count <= MaxLocals, $"{network.Name}.{method.Name} has {body.LocalVariables.Count} locals; RyuJIT stops optimising past {MaxLocals}.");
        }
    }

    /// <summary>The paper's LeNet-5 writes its connection table out channel by channel: its largest kernel keeps half the budget in reserve.</summary>
    [Fact]
    public void TheLargestKernelKeepsHalfTheBudget()
    {
        MethodInfo largest = typeof(LeNet1998.Kernels).GetNestedTypes(BindingFlags.NonPublic).SelectMany(t => t.GetMethods(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .OrderByDescending(m => m.GetMethodBody()!.GetILAsByteArray()!.Length).First();
        int il = largest.GetMethodBody()!.GetILAsByteArray()!.Length;
        Assert.True(il <= MaxIlBytes / 2, $"{largest.Name} has {il} IL bytes.");
    }
}
