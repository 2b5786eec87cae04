using LeNet.Generated.Initialization;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>The xoshiro256** port against the authors' C code (Golden/xoshiro_reference.c).</summary>
public sealed class RandomTests
{
    [Theory]
    [InlineData(0UL, new[] { 11091344671253066420UL, 13793997310169335082UL, 1900383378846508768UL, 7684712102626143532UL, 13521403990117723737UL })]
    [InlineData(42UL, new[] { 1546998764402558742UL, 6990951692964543102UL, 12544586762248559009UL, 17057574109182124193UL, 18295552978065317476UL })]
    public void MatchesTheReferenceImplementation(ulong seed, ulong[] expected)
    {
        var random = new Xoshiro256(seed);

        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void NextInt32IsUniformAndInRange()
    {
        var random = new Xoshiro256(5);
        var counts = new int[7];
        const int draws = 70_000;
        for (int i = 0; i < draws; i++)
        {
            counts[random.NextInt32(7)]++;
        }

        // Each count is binomial(70,000, 1/7): mean 10,000, σ ≈ 93; 5σ bounds.
        Assert.All(counts, count => Assert.InRange(count, 10_000 - 465, 10_000 + 465));
    }

    [Fact]
    public void FloatingPointDrawsStayInTheUnitInterval()
    {
        var random = new Xoshiro256(9);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextDouble(), 0.0, Math.BitDecrement(1.0));
            Assert.InRange(random.NextSingle(), 0f, MathF.BitDecrement(1f));
        }
    }
}
