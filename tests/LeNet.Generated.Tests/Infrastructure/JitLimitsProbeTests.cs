using System.Reflection;
using System.Reflection.Emit;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// The limits of <see cref="JitLimits"/> are the runtime's own, and <see cref="IlMeasure"/> counts as
/// the JIT does: for each measure, a method just inside the limit and one just past it, emitted
/// at run time, measured here and compiled in a process of its own with tiering off, where
/// DOTNET_JitDisasmSummary says which the JIT optimised and which it left at MinOpts.
/// </summary>
public sealed class JitLimitsProbeTests
{
    [Fact]
    public void OnePastEachLimitTheJitStopsOptimising()
    {
        using var directory = new TemporaryDirectory();
        string summary = directory.File("jit.txt");
        ChildProcess.Run(CompileProbes, new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "0",
            ["DOTNET_JitDisasmSummary"] = "1",
            ["DOTNET_JitStdOutFile"] = summary,
        });
        string[] compiled = File.ReadAllLines(summary);

        Type probes = Probes();
        foreach ((string measure, Func<IlMeasure, int> of, int limit) in JitLimits.All)
        {
            foreach (bool past in new[] { false, true })
            {
                MethodInfo method = probes.GetMethod(Name(measure, past))!;
                int value = of(IlMeasure.Of(method)!.Value);
                string line = Assert.Single(compiled, l => l.Contains($"Probe:{method.Name}(", StringComparison.Ordinal));

                Assert.True(past ? value > limit : value <= limit, $"{method.Name}: {measure} {value}, limit {limit}");
                Assert.True(line.Contains("MinOpts", StringComparison.Ordinal) == past, $"{method.Name} ({measure} {value}, limit {limit}): {line}");
            }
        }
    }

    /// <summary>In the child process: compiles every probe by calling it.</summary>
    internal static string CompileProbes()
    {
        foreach (MethodInfo method in Probes().GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            method.Invoke(null, [1]);
        }

        return "compiled";
    }

    private static string Name(string measure, bool past) => $"{(past ? "Past" : "Inside")}{measure.Replace(" ", string.Empty, StringComparison.Ordinal)}";

    /// <summary>
    /// Static int(int) methods whose measure sits just inside or just past its limit while the others
    /// stay far inside theirs. The JIT adds a temporary or two to a method's locals, so that probe
    /// keeps a margin of three below the limit.
    /// </summary>
    private static Type Probes()
    {
        TypeBuilder type = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("JitLimitProbes"), AssemblyBuilderAccess.RunAndCollect)
            .DefineDynamicModule("JitLimitProbes").DefineType("Probe", TypeAttributes.Public);
        ILGenerator Method(string measure, bool past) =>
            type.DefineMethod(Name(measure, past), MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]).GetILGenerator();

        foreach (bool past in new[] { false, true })
        {
            ILGenerator il = Method("IL instructions", past); // nops, then ldarg.0 and ret
            Repeat(past ? 19_999 : 19_998, () => il.Emit(OpCodes.Nop));
            Return(il);

            il = Method("IL bytes", past); // ten bytes and two instructions a pair
            Repeat(past ? 6_000 : 5_999, () =>
            {
                il.Emit(OpCodes.Ldc_I8, 1L);
                il.Emit(OpCodes.Pop);
            });
            Return(il);

            il = Method("basic blocks", past); // two blocks per conditional branch over a nop, one more at the end
            Repeat(past ? 1_000 : 999, () =>
            {
                Label next = il.DefineLabel();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Brtrue, next);
                il.Emit(OpCodes.Nop);
                il.MarkLabel(next);
            });
            Return(il);

            il = Method("locals", past); // with the argument
            Repeat(past ? 2_000 : 1_996, () => il.DeclareLocal(typeof(int)));
            Return(il);

            il = Method("local references", past); // ldarg.0, then stloc.0 and ldloc.0 pairs, then ret
            il.DeclareLocal(typeof(int));
            il.Emit(OpCodes.Ldarg_0);
            Repeat(past ? 4_000 : 3_999, () =>
            {
                il.Emit(OpCodes.Stloc_0);
                il.Emit(OpCodes.Ldloc_0);
            });
            il.Emit(OpCodes.Ret);
        }

        return type.CreateType();
    }

    private static void Return(ILGenerator il)
    {
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ret);
    }

    private static void Repeat(int times, Action emit)
    {
        for (int i = 0; i < times; i++)
        {
            emit();
        }
    }
}
