using System.Numerics;

namespace LeNet.Generated;

/// <summary>The buffers vector of a network (running statistics of its batch normalisation layers, outside the parameters).</summary>
internal static class NetworkBuffers<TKernels, T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A new buffers vector with PyTorch's initial values.</summary>
    public static T[] Create()
    {
        if (TKernels.BufferCount == 0)
        {
            return [];
        }

        var buffers = new T[TKernels.BufferCount];
        BatchNorm.ResetBuffers<T>(TKernels.BatchNorms, buffers);
        return buffers;
    }

    /// <summary><paramref name="buffers"/> when given, checked for length; otherwise a new vector.</summary>
    public static T[] Check(T[]? buffers, string paramName)
    {
        if (buffers is null)
        {
            return Create();
        }

        Guard.Length(buffers.Length, TKernels.BufferCount, paramName);
        return buffers;
    }
}
