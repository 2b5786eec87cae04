using System.Numerics;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>The vector tanh the float kernels use, against double-precision <see cref="Math.Tanh"/>.</summary>
public class VectorMathTests
{
    /// <summary>
    /// 5 ulps of 1 where <c>Vector.MultiplyAddEstimate</c> is a fused multiply-add; 7 where the processor
    /// has no FMA and it is a multiply and an add.
    /// </summary>
    private static readonly double Bound =
        Vector.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) ? 3e-7 : 4e-7;

    [Fact]
    public void TanhIsWithinItsStatedErrorEverywhere()
    {
        // Every 2^-12 from −12 to 12 (covers the clamp at ±7.905 and the flat tails), plus tiny values.
        var inputs = new List<float>();
        for (int i = -12 * 4096; i <= 12 * 4096; i++)
        {
            inputs.Add(i / 4096f);
        }

        inputs.AddRange([1e-30f, -1e-30f, 1e-7f, 3e-4f, -3e-4f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity]);
        double worst = 0;
        float at = 0;
        var values = new float[Vector<float>.Count];
        for (int start = 0; start < inputs.Count; start += values.Length)
        {
            for (int lane = 0; lane < values.Length; lane++)
            {
                values[lane] = inputs[Math.Min(start + lane, inputs.Count - 1)];
            }

            Vector<float> result = VectorMath.Tanh(new Vector<float>(values));
            for (int lane = 0; lane < values.Length; lane++)
            {
                double error = Math.Abs(result[lane] - Math.Tanh(values[lane]));
                if (error > worst)
                {
                    (worst, at) = (error, values[lane]);
                }
            }
        }

        Assert.True(worst <= Bound, $"max |tanh error| {worst:E2} at x = {at} (bound {Bound:E1})");
    }

    [Fact]
    public void TanhKeepsNaNAndIsOdd()
    {
        Vector<float> nan = VectorMath.Tanh(new Vector<float>(float.NaN));
        Assert.True(float.IsNaN(nan[0]));
        for (float x = 0.01f; x < 9; x *= 1.7f)
        {
            Assert.Equal(-VectorMath.Tanh(new Vector<float>(x))[0], VectorMath.Tanh(new Vector<float>(-x))[0]);
        }
    }

    [Fact]
    public void TanhInPlaceCoversTheTailPastTheLastWholeVector()
    {
        float[] values = [.. Enumerable.Range(0, (3 * Vector<float>.Count) + 3).Select(i => (i - 10) * 0.37f)];
        float[] expected = [.. values.Select(MathF.Tanh)];
        VectorMath.TanhInPlace(values);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= Bound, $"element {i}: {values[i]} against {expected[i]}");
        }
    }
}
