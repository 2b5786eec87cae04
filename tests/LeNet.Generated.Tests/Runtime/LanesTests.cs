using System.Numerics;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>
/// The lane layout moves against a naive element loop, at whatever <see cref="Vector{T}"/> width the
/// process has (.ci/run repeats them at 512 bits and without AVX): lengths that are and are not
/// multiples of the 8×8 transpose blocks, full and partial groups, float and double.
/// </summary>
public sealed class LanesTests
{
    public static TheoryData<int> Lengths => [1, 7, 8, 13, 84, 120, 400, 784];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GatherPutsElementIOfImageNInLaneNOfVectorI(int length)
    {
        AssertGather<float>(length, Vector<float>.Count);
        AssertGather<float>(length, Vector<float>.Count - 3);
        AssertGather<double>(length, Vector<double>.Count);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ScatterPutsLaneNOfVectorIInElementIOfRowN(int length)
    {
        AssertScatter<float>(length, Vector<float>.Count);
        AssertScatter<float>(length, Vector<float>.Count - 3);
        AssertScatter<double>(length, Vector<double>.Count);
    }

    private static void AssertGather<T>(int length, int images)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector<T>.Count;
        T[] source = Values<T>(images * length, seed: length);
        var lanes = new Vector<T>[length];
        Array.Fill(lanes, new Vector<T>(T.NaN)); // what is not written shows

        Lanes.Gather<T>(source, length, lanes);

        for (int i = 0; i < length; i++)
        {
            for (int n = 0; n < width; n++)
            {
                T expected = n < images ? source[(n * length) + i] : T.Zero;
                Assert.True(expected.Equals(lanes[i][n]), $"element {i}, lane {n} of {images} images: {lanes[i][n]}, expected {expected}");
            }
        }
    }

    private static void AssertScatter<T>(int length, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector<T>.Count;
        var lanes = new Vector<T>[length];
        T[] values = Values<T>(length * width, seed: length + 1);
        for (int i = 0; i < length; i++)
        {
            lanes[i] = new Vector<T>(values.AsSpan(i * width, width));
        }

        var target = new T[rows * length];
        Lanes.Scatter<T>(lanes, target, length);

        for (int n = 0; n < rows; n++)
        {
            for (int i = 0; i < length; i++)
            {
                Assert.True(lanes[i][n].Equals(target[(n * length) + i]), $"row {n}, element {i}: {target[(n * length) + i]}, expected {lanes[i][n]}");
            }
        }
    }

    private static T[] Values<T>(int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => T.CreateChecked(random.NextDouble() - 0.5)).ToArray();
    }
}
