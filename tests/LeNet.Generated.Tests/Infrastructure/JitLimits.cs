using System.CodeDom.Compiler;
using System.Reflection;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// RyuJIT compiles a method with MinOpts, for good (no tier-1, no PGO, several times slower), when
/// any of five measures of its IL passes a fixed limit (JitMinOptsInstrCount, JitMinOptsCodeSize,
/// JitMinOptsBbCount, JitMinOptsLvNumCount, JitMinOptsLvRefCount; fixed in release runtimes).
/// <see cref="JitLimitsProbeTests"/> checks them against the runtime.
/// </summary>
internal static class JitLimits
{
    /// <summary>
    /// The share of each limit a generated method may use. IL instructions, bytes and local
    /// references are exactly what the JIT counts; its block and local counts grow a little in import
    /// (return and EH blocks, hidden arguments, temporaries). A quarter in reserve absorbs that and
    /// the growth of a kernel rewrite, so a check fails while there is room to act, not after the cliff.
    /// </summary>
    public const double Headroom = 0.75;

    public static readonly (string Measure, Func<IlMeasure, int> Of, int Limit)[] All =
    [
        ("IL instructions", m => m.Instructions, 20_000),
        ("IL bytes", m => m.Bytes, 60_000),
        ("basic blocks", m => m.BasicBlocks, 2_000),
        ("locals", m => m.Locals, 2_000),
        ("local references", m => m.LocalReferences, 8_000),
    ];

    /// <summary>
    /// Every method and constructor declared by the generated types of <paramref name="assembly"/>:
    /// the networks (types implementing <see cref="INetwork{TSelf, T}"/>), any other type the
    /// generator marks as its own, and all their nested types (workspaces, kernels, closures).
    /// </summary>
    public static IEnumerable<(Type Network, MethodBase Method)> GeneratedMethods(Assembly assembly)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type root in assembly.GetTypes().Where(t => !t.IsNested && IsGenerated(t)))
        {
            foreach (Type type in WithNested(root))
            {
                foreach (MethodBase method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
                {
                    yield return (root, method);
                }
            }
        }
    }

    /// <summary>
    /// Measures every method with a body, logs the largest use of each limit, and returns a line per
    /// method and measure over <see cref="Headroom"/> of its limit.
    /// </summary>
    public static List<string> Check(string name, IEnumerable<MethodBase> methods, Action<string> log)
    {
        var measured = methods
            .Select(m => (Method: m, Measure: IlMeasure.Of(m)))
            .Where(m => m.Measure is not null)
            .Select(m => (m.Method, Measure: m.Measure!.Value))
            .ToList();
        Assert.NotEmpty(measured);

        var failures = new List<string>();
        foreach ((string measure, Func<IlMeasure, int> of, int limit) in All)
        {
            (MethodBase largest, IlMeasure most) = measured.MaxBy(m => of(m.Measure));
            log($"{name}: most {measure} {of(most):N0} of {limit:N0} ({(double)of(most) / limit:P0}) in {Describe(largest)}");
            failures.AddRange(measured
                .Where(m => of(m.Measure) > Headroom * limit)
                .Select(m => $"{Describe(m.Method)}: {measure} {of(m.Measure):N0}, over {Headroom:P0} of RyuJIT's limit {limit:N0}"));
        }

        return failures;
    }

    private static string Describe(MethodBase method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    private static bool IsGenerated(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INetwork<,>))
        || type.GetCustomAttributes<GeneratedCodeAttribute>().Any(a => a.Tool == "LeNet.Generated");

    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);
}
