using System.Runtime.Intrinsics;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>
/// The activations the kernels use: the rational tanh against double-precision <see cref="Math.Tanh"/>, and
/// every width's overload against the one-element overload bit for bit, which is what makes a training run's
/// bits independent of the vector width.
/// </summary>
public class VectorMathTests
{
    /// <summary>5 ulps of 1 where multiply-add is fused; 7 where the processor has no FMA and it is a multiply and an add.</summary>
    private static readonly double Bound =
        Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) ? 3e-7 : 4e-7;

    /// <summary>Every 2^-12 from −12 to 12 (the clamp at ±7.905 and the flat tails), tiny values and the extremes.</summary>
    private static float[] Inputs()
    {
        var inputs = new List<float>();
        for (int i = -12 * 4096; i <= 12 * 4096; i++)
        {
            inputs.Add(i / 4096f);
        }

        inputs.AddRange([1e-30f, -1e-30f, 1e-7f, 3e-4f, -3e-4f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity]);
        return [.. inputs];
    }

    [Fact]
    public void TanhIsWithinItsStatedErrorEverywhere()
    {
        double worst = 0;
        float at = 0;
        foreach (float x in Inputs())
        {
            double error = Math.Abs(VectorMath.Tanh(x) - Math.Tanh(x));
            if (error > worst)
            {
                (worst, at) = (error, x);
            }
        }

        Assert.True(worst <= Bound, $"max |tanh error| {worst:E2} at x = {at} (bound {Bound:E1})");
    }

    /// <summary>Each lane of every accelerated width gets the one-element overload's bits: tanh, scaled tanh, sigmoid.</summary>
    [Fact]
    public void EveryWidthGivesTheBitsOfOneElement()
    {
        float[] inputs = Inputs();
        foreach (VectorWidth width in Enum.GetValues<VectorWidth>().Where(w => w != VectorWidth.Scalar && VectorWidths.IsAccelerated(w)))
        {
            int lanes = VectorWidths.Lanes<float>(width);
            for (int start = 0; start + lanes <= inputs.Length; start += lanes)
            {
                ReadOnlySpan<float> x = inputs.AsSpan(start, lanes);
                AssertLanes(width, x, Apply(width, x, VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh), VectorMath.Tanh, "tanh");
                AssertLanes(width, x, Apply(width, x, VectorMath.ScaledTanh, VectorMath.ScaledTanh, VectorMath.ScaledTanh), VectorMath.ScaledTanh, "scaled tanh");
                AssertLanes(width, x, Apply(width, x, VectorMath.Sigmoid, VectorMath.Sigmoid, VectorMath.Sigmoid), VectorMath.Sigmoid, "sigmoid");
            }
        }
    }

    [Fact]
    public void TanhKeepsNaNAndIsOdd()
    {
        Assert.True(float.IsNaN(VectorMath.Tanh(float.NaN)));
        Assert.True(float.IsNaN(VectorMath.Tanh(Vector512.Create(float.NaN))[0]));
        for (float x = 0.01f; x < 9; x *= 1.7f)
        {
            Assert.Equal(-VectorMath.Tanh(x), VectorMath.Tanh(-x));
        }
    }

    [Fact]
    public void TanhInPlaceCoversTheTailPastTheLastWholeVectorAtEveryWidth()
    {
        foreach (VectorWidth width in Enum.GetValues<VectorWidth>().Where(VectorWidths.IsAccelerated))
        {
            float[] values = [.. Enumerable.Range(0, 51).Select(i => (i - 10) * 0.37f)];
            float[] expected = [.. values.Select(VectorMath.Tanh)];
            VectorMath.TanhInPlace(values, width);
            Assert.Equal(expected, values);
        }
    }

    private static float[] Apply(VectorWidth width, ReadOnlySpan<float> x, Func<Vector512<float>, Vector512<float>> f512, Func<Vector256<float>, Vector256<float>> f256, Func<Vector128<float>, Vector128<float>> f128)
    {
        var result = new float[x.Length];
        switch (width)
        {
            case VectorWidth.Vector512:
                f512(Vector512.Create(x)).CopyTo(result);
                break;
            case VectorWidth.Vector256:
                f256(Vector256.Create(x)).CopyTo(result);
                break;
            default:
                f128(Vector128.Create(x)).CopyTo(result);
                break;
        }

        return result;
    }

    private static void AssertLanes(VectorWidth width, ReadOnlySpan<float> x, float[] lanes, Func<float, float> one, string name)
    {
        for (int n = 0; n < lanes.Length; n++)
        {
            float expected = one(x[n]);
            Assert.True(expected.Equals(lanes[n]), $"{name}({x[n]}) at {width}, lane {n}: {lanes[n]}, one element gives {expected}");
        }
    }
}
