namespace LeNet.Generated.CrashWriter;

/// <summary>
/// What checkpoint <c>k</c> holds: every parameter and optimizer-state value is a function of
/// <c>k</c> and its index, so a reader can tell a complete checkpoint from a mix of two.
/// </summary>
public static class Expected
{
    public static float Value(long step, int index) => ((step * 7919) + index) % 10007 / 10007f;

    public static void Fill(Span<float> values, long step, int offset)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Value(step, offset + i);
        }
    }
}
