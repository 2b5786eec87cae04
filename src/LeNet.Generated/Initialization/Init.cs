using System.Numerics;

namespace LeNet.Generated.Initialization;

/// <summary>Parameter initialisers called by generated code.</summary>
public static class Init
{
    /// <summary>
    /// Fills <paramref name="values"/> from U(−bound, bound). PyTorch's default for <c>nn.Conv2d</c>
    /// and <c>nn.Linear</c> — <c>kaiming_uniform_(a=√5)</c> for the weight and the matching bias
    /// bound — is this distribution with <c>bound = 1/√fan_in</c> for both tensors.
    /// </summary>
    public static void Uniform<T>(Span<T> values, double bound, ref Xoshiro256 random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating((2 * random.NextDouble() - 1) * bound);
        }
    }
}
