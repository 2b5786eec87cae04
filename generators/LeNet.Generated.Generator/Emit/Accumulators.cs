namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Independent partial sums for a dot product. One accumulator makes every multiply-add wait for the
/// previous one (a chain of add latencies); taps dealt round-robin to up to four sums overlap, and
/// the sums are added in a fixed tree at the end, so results stay deterministic.
/// </summary>
internal sealed class Accumulators
{
    private const int Max = 4;

    private readonly SourceWriter _writer;
    private readonly KernelMode _mode;
    private readonly int _count;
    private int _next;

    /// <param name="taps">Taps written out in the body: no more sums than that.</param>
    public Accumulators(SourceWriter writer, KernelMode mode, long taps)
    {
        _writer = writer;
        _mode = mode;
        _count = (int)System.Math.Max(1, System.Math.Min(Max, taps));
    }

    /// <summary>Declares the sums, the first starting at <paramref name="initial"/>, the rest at 0.</summary>
    public void Declare(string initial)
    {
        if (_count == 1)
        {
            _writer.Line($"{_mode.Element} s = {initial};");
            return;
        }

        _writer.Line($"{_mode.Element} s0 = {initial};");
        for (int i = 1; i < _count; i++)
        {
            _writer.Line($"{_mode.Element} s{i} = {_mode.Zero};");
        }
    }

    /// <summary>The sum the next tap adds to.</summary>
    public string Next() => _count == 1 ? "s" : "s" + (_next++ % _count);

    /// <summary>Adds the partial sums into <c>s</c>.</summary>
    public void Combine()
    {
        if (_count == 1)
        {
            return;
        }

        string sum = _count switch
        {
            2 => "s0 + s1",
            3 => "(s0 + s1) + s2",
            _ => "(s0 + s1) + (s2 + s3)",
        };
        _writer.Line($"{_mode.Element} s = {sum};");
    }
}
