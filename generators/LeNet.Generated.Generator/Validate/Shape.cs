namespace LeNet.Generated.Generator.Validate;

/// <summary>A C×H×W tensor shape of one image; a flat vector of n features is n×1×1.</summary>
internal sealed record Shape(int Channels, int Height, int Width)
{
    public int Length => Channels * Height * Width;

    /// <summary>Elements in one channel plane, H·W.</summary>
    public int Plane => Height * Width;

    public bool IsFlat => Height == 1 && Width == 1;

    public override string ToString() => IsFlat ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}
