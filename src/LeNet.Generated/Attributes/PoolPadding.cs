namespace LeNet.Generated;

/// <summary>Why a pool's <c>Padding</c> does not compile: without the property the compiler's error would not name it.</summary>
internal static class PoolPadding
{
    public const string Message =
        "Pools have no padding (PyTorch's padding=0): declare the pool without Padding, and pad the convolution before it if the edges matter";
}
