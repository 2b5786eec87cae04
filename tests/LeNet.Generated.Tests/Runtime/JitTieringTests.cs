using System.Reflection;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>
/// With default tiering a method with loops starts unoptimised, so an app's first thousand images would run
/// through slow kernels. Every layer kernel is compiled optimised at its first call instead; the passes that
/// only call them have no loops and tier up as usual.
/// </summary>
public sealed class JitTieringTests
{
    private static readonly string[] Passes = ["Forward", "ForwardTraining", "Backward", "ForwardImage", "ForwardSegment", "ForwardTrainingSegment", "BackwardSegment", "ForwardImageSegment"];

    [Theory]
    [InlineData(typeof(LeNet5))]
    [InlineData(typeof(PaddedPoolNetDouble))]
    [InlineData(typeof(DropoutNet))]
    [InlineData(typeof(PaperFeaturesNet))]
    [InlineData(typeof(BatchNormNetDouble))]
    public void EveryLayerKernelIsOptimisedFromItsFirstCall(Type network)
    {
        Type kernels = network.GetNestedType("Kernels", BindingFlags.Public | BindingFlags.NonPublic)!;
        var profiles = kernels.GetNestedTypes(BindingFlags.NonPublic).ToList();
        Assert.Contains(profiles, p => p.Name == "Scalar");

        var unmarked = new List<string>();
        int layerKernels = 0;
        foreach (Type profile in profiles)
        {
            foreach (MethodInfo method in profile.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (Passes.Contains(method.Name) || method.Name == "MaxAt")
                {
                    continue;
                }

                layerKernels++;
                if (!method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
                {
                    unmarked.Add($"{profile.Name}.{method.Name}");
                }
            }
        }

        Assert.True(layerKernels >= 2 * profiles.Count, $"only {layerKernels} layer kernels found in {profiles.Count} profiles of {network.Name}");
        Assert.Empty(unmarked);
    }
}
