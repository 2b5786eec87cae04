using System.Numerics;
using LeNet.Generated.Training;

namespace LeNet.Generated.Tests.Runtime;

/// <summary>
/// The trainer's non-temporal copy against a plain one: every element copied, nothing past the target
/// written, at every start within a 64-byte line and lengths around whole vectors, float and double.
/// </summary>
public sealed class NonTemporalTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(2048)]
    public void CopyWritesTheSourceAndNothingElse(int length)
    {
        AssertCopies<float>(length);
        AssertCopies<double>(length);
    }

    private static void AssertCopies<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length);
        T[] source = Enumerable.Range(0, length).Select(_ => T.CreateChecked(random.NextDouble())).ToArray();
        int perLine = 64 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int start = 0; start < perLine; start++)
        {
            var target = new T[start + length + perLine];
            Array.Fill(target, T.NaN);

            NonTemporal.Copy<T>(source, target.AsSpan(start, length));
            NonTemporal.Fence();

            Assert.All(target[..start], value => Assert.True(T.IsNaN(value)));
            Assert.Equal(source, target[start..(start + length)]);
            Assert.All(target[(start + length)..], value => Assert.True(T.IsNaN(value)));
        }
    }
}
