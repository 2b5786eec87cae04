using System.Numerics;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>
/// The lane layout moves, transposes and sums against naive element loops, for the lane counts of every width
/// (1, 4, 8 and 16 floats; 1, 2, 4 and 8 doubles): lengths that are and are not multiples of the 8×8
/// transpose blocks, float and double.
/// </summary>
public sealed class LanesTests
{
    public static TheoryData<int> Lengths => [1, 7, 8, 13, 84, 120, 400, 784];

    private static readonly int[] FloatLanes = [1, 4, 8, 16];
    private static readonly int[] DoubleLanes = [1, 2, 4, 8];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GatherPutsElementIOfImageNAtIndexITimesLanesPlusN(int length)
    {
        Array.ForEach(FloatLanes, lanes => AssertGather<float>(length, lanes));
        Array.ForEach(DoubleLanes, lanes => AssertGather<double>(length, lanes));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ScatterPutsIndexITimesLanesPlusNInElementIOfRowN(int length)
    {
        Array.ForEach(FloatLanes, lanes => AssertScatter<float>(length, lanes));
        Array.ForEach(DoubleLanes, lanes => AssertScatter<double>(length, lanes));
    }

    /// <summary>Any shape, whole 8×8 blocks or not on either side: the channel-lane convolution's [16][150] weights and [100][16] sums among them.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(8, 8)]
    [InlineData(16, 150)]
    [InlineData(100, 16)]
    [InlineData(13, 21)]
    [InlineData(6, 25)]
    public void TransposeWritesElementRCAtIndexCTimesRowsPlusR(int rows, int columns)
    {
        AssertTranspose<float>(rows, columns);
        AssertTranspose<double>(rows, columns);
    }

    /// <summary>Each sum gets its lanes one after another, in lane order: the same bits as adding image by image.</summary>
    [Fact]
    public void AddInOrderAddsTheLanesOneAfterAnother()
    {
        foreach (int lanes in FloatLanes)
        {
            float[] values = Values<float>(37 * lanes, seed: lanes);
            float[] sums = Values<float>(37, seed: 100 + lanes);
            float[] expected = [.. sums];
            for (int j = 0; j < expected.Length; j++)
            {
                for (int n = 0; n < lanes; n++)
                {
                    expected[j] += values[(j * lanes) + n];
                }
            }

            Lanes.AddInOrder<float>(values, lanes, sums);
            Assert.Equal(expected, sums);
        }
    }

    private static void AssertGather<T>(int length, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] source = Values<T>(lanes * length, seed: length);
        var target = new T[(lanes * length) + 3];
        Array.Fill(target, T.NaN); // what is written past the group shows

        Lanes.Gather<T>(source, length, target, lanes);

        for (int i = 0; i < length; i++)
        {
            for (int n = 0; n < lanes; n++)
            {
                T expected = source[(n * length) + i];
                Assert.True(expected.Equals(target[(i * lanes) + n]), $"element {i}, lane {n} of {lanes}: {target[(i * lanes) + n]}, expected {expected}");
            }
        }

        Assert.All(target[(lanes * length)..], value => Assert.True(T.IsNaN(value)));
    }

    private static void AssertScatter<T>(int length, int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] source = Values<T>(length * lanes, seed: length + 1);
        var rows = new T[(lanes * length) + 3];
        Array.Fill(rows, T.NaN);

        Lanes.Scatter<T>(source, rows, length, lanes);

        for (int n = 0; n < lanes; n++)
        {
            for (int i = 0; i < length; i++)
            {
                Assert.True(source[(i * lanes) + n].Equals(rows[(n * length) + i]), $"row {n}, element {i}: {rows[(n * length) + i]}, expected {source[(i * lanes) + n]}");
            }
        }

        Assert.All(rows[(lanes * length)..], value => Assert.True(T.IsNaN(value)));
    }

    private static void AssertTranspose<T>(int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] source = Values<T>(rows * columns, seed: (rows * 1000) + columns);
        var target = new T[(rows * columns) + 3];
        Array.Fill(target, T.NaN);

        Lanes.Transpose<T>(source, rows, columns, target);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Assert.True(source[(r * columns) + c].Equals(target[(c * rows) + r]), $"{rows}×{columns}, element ({r}, {c}): {target[(c * rows) + r]}, expected {source[(r * columns) + c]}");
            }
        }

        Assert.All(target[(rows * columns)..], value => Assert.True(T.IsNaN(value)));
    }

    private static T[] Values<T>(int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => T.CreateChecked(random.NextDouble() - 0.5)).ToArray();
    }
}
