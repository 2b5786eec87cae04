using System.Reflection;
using LeNet.Generated.Generator.Emit;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The emitted source, reviewed: any change to the generator's output shows up as a diff against
/// <c>Snapshots/SnapshotTests.*.verified.*</c>. The small specs are kept whole, every file of every kernel
/// family; LeNet-5 and the paper's LeNet-5, whose kernels run to thousands of lines, are reviewed through
/// their network class, their kernels' schedules and the list of emitted methods with their IL sizes.
/// Each spec also compiles without warnings.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void LeNet5() => VerifyLarge(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 28, Width = 28)]
        [Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
        [AvgPool2d(2)]
        [Conv2d(16, KernelSize = 5), Tanh]
        [AvgPool2d(2)]
        [Linear(120), Tanh]
        [Linear(84), Tanh]
        [Linear(10)]
        public sealed partial class LeNet5;
        """));

    /// <summary>Small enough to read whole: convolution with ReLU, max pooling, a linear layer of one input row per class.</summary>
    [Fact]
    public void TinyConvMaxPool() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 4, Width = 4)]
        [Conv2d(2, KernelSize = 3), ReLU]
        [MaxPool2d(2)]
        [Linear(3)]
        public sealed partial class Tiny;
        """).Source);

    /// <summary>A 2×2 average pool whose rows fill a 512-bit vector, with tanh: the per-image pool a vector at a time.</summary>
    [Fact]
    public void TinyImagePool() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 2, Width = 16)]
        [AvgPool2d(2), Tanh]
        [Linear(2)]
        public sealed partial class TinyPool;
        """).Source);

    /// <summary>
    /// Double precision, nested in another type, global namespace, an activation first and one after another,
    /// overlapping average pooling. The activations on the logits are warned about (LENET017), and generated.
    /// </summary>
    [Fact]
    public void TinyNestedDouble() => Snapshot.Verify(RunWithOnlyWarning("LENET017", """
        using LeNet.Generated;

        public static partial class Outer
        {
            [Network(Height = 5, Width = 5, ElementType = typeof(double))]
            [Sigmoid]
            [AvgPool2d(3, Stride = 2)]
            [Linear(2), ReLU, Tanh]
            internal sealed partial class Nested;
        }
        """));

    /// <summary>A 9×9 kernel has more taps than are emitted straight-line: the kernel-row loop stays.</summary>
    [Fact]
    public void LargeKernelKeepsRowLoop() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 10, Width = 10)]
        [Conv2d(1, KernelSize = 9)]
        [Linear(2)]
        public sealed partial class LargeKernel;
        """).Source);

    /// <summary>A connection table (each output channel its own inputs), trainable subsampling and the scaled tanh, small enough to read.</summary>
    [Fact]
    public void TinyPaperFeatures() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 2, Height = 4, Width = 4)]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(2, KernelSize = 2, Connections = "1; 0,1")]
        [Linear(2)]
        public sealed partial class TinyPaper;
        """).Source);

    /// <summary>
    /// Dropout over a feature map and between Linear layers, one followed by an activation of its own:
    /// the training pass multiplies by the masks, evaluation skips them, the backward pass multiplies in place.
    /// </summary>
    [Fact]
    public void TinyDropout() => Snapshot.Verify(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Height = 4, Width = 4)]
        [Conv2d(2, KernelSize = 3), ReLU]
        [Dropout(0.25)]
        [Linear(3)]
        [Dropout, Tanh]
        [Linear(2)]
        public sealed partial class TinyDropout;
        """).Source);

    /// <summary>The 1998 paper's LeNet-5, declared with the same attributes.</summary>
    [Fact]
    public void LeNet1998() => VerifyLarge(GeneratorHarness.RunClean("""
        using LeNet.Generated;

        namespace Models;

        [Network(Channels = 1, Height = 32, Width = 32)]
        [Conv2d(6, KernelSize = 5), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(16, KernelSize = 5, Connections = ConnectionTables.LeNet1998C3), ScaledTanh]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Conv2d(120, KernelSize = 5), ScaledTanh]
        [Linear(84), ScaledTanh]
        [Linear(10)]
        public sealed partial class LeNet1998;
        """));

    /// <summary>The network class, the schedule report and the emitted methods, each a snapshot of its own.</summary>
    /// <summary>Runs the generator over a spec it warns about: that one warning and nothing else, and output that compiles cleanly.</summary>
    private static string RunWithOnlyWarning(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Microsoft.CodeAnalysis.Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal((id, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning), (warning.Id, warning.Severity));
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Id != id));
        return run.Source;
    }

    private static void VerifyLarge(GeneratorRun run, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        NetworkPlan plan = run.Plan;
        Snapshot.Verify(run.File($".{plan.Type.Name}.g.cs"), name: test);
        Snapshot.Verify(ScheduleReport.Text(plan), "txt", name: test + ".Schedule");
        Snapshot.Verify(MethodList(run, plan.Type.Namespace + "." + plan.Type.Name), "txt", name: test + ".Methods");
    }

    /// <summary>Every method the generator emitted for a network, by declaring type, with its IL bytes.</summary>
    private static string MethodList(GeneratorRun run, string typeName)
    {
        using var assembly = new InMemoryAssembly(run.Output);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var lines = new List<string>();
        void Add(Type type, string prefix)
        {
            foreach (MethodInfo method in type.GetMethods(all).Where(m => m.GetMethodBody() is not null && !m.IsSpecialName).OrderBy(m => m.MetadataToken))
            {
                lines.Add($"{prefix}{method.Name}: {method.GetMethodBody()!.GetILAsByteArray()!.Length:N0} IL bytes");
            }

            foreach (Type nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).OrderBy(n => n.MetadataToken))
            {
                Add(nested, $"{prefix}{nested.Name}.");
            }
        }

        Add(assembly.Type(typeName), string.Empty);
        return string.Join("\n", lines) + "\n";
    }
}
