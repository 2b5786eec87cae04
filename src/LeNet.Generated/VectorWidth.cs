using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeNet.Generated;

/// <summary>
/// The vector width a network's kernels run at. Every generated network carries kernels for each
/// width and picks one per process (<see cref="VectorWidths.Best"/>); no environment variable is needed.
/// </summary>
public enum VectorWidth
{
    /// <summary>One element at a time: where the processor accelerates no vectors.</summary>
    Scalar = 0,

    /// <summary><c>Vector128&lt;T&gt;</c>: SSE, Arm64 AdvSIMD, WebAssembly SIMD.</summary>
    Vector128 = 128,

    /// <summary><c>Vector256&lt;T&gt;</c>: AVX2.</summary>
    Vector256 = 256,

    /// <summary><c>Vector512&lt;T&gt;</c>: AVX-512.</summary>
    Vector512 = 512,
}

/// <summary>Which <see cref="VectorWidth"/>s this process can run, and how many images a lane group holds at each.</summary>
public static class VectorWidths
{
    /// <summary>
    /// The widest width this processor accelerates, as the JIT (or, ahead of time, the instruction set
    /// the binary was compiled for) reports it: what every network and workspace uses unless told otherwise.
    /// </summary>
    public static VectorWidth Best =>
        Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;

    /// <summary>Whether vectors of <paramref name="width"/> run in hardware here (<see cref="VectorWidth.Scalar"/> always does).</summary>
    public static bool IsAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.Scalar => true,
        VectorWidth.Vector128 => Vector128.IsHardwareAccelerated,
        VectorWidth.Vector256 => Vector256.IsHardwareAccelerated,
        VectorWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Elements of <typeparamref name="T"/> in one vector of <paramref name="width"/>: the images of one lane group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Lanes<T>(VectorWidth width)
        where T : unmanaged => width == VectorWidth.Scalar ? 1 : (int)width / (8 * Unsafe.SizeOf<T>());

    /// <summary>The next narrower width, for the images left over after the last whole group; null after <see cref="VectorWidth.Scalar"/>.</summary>
    public static VectorWidth? Narrower(VectorWidth width) => width switch
    {
        VectorWidth.Vector512 => VectorWidth.Vector256,
        VectorWidth.Vector256 => VectorWidth.Vector128,
        VectorWidth.Vector128 => VectorWidth.Scalar,
        _ => null,
    };

    /// <summary>Returns <paramref name="width"/>, or <see cref="Best"/> when it is null; throws when the processor does not accelerate it.</summary>
    public static VectorWidth Check(VectorWidth? width, string paramName)
    {
        VectorWidth chosen = width ?? Best;
        if (!Enum.IsDefined(chosen) || !IsAccelerated(chosen))
        {
            throw new ArgumentException($"Vector width {chosen} is not accelerated by this processor; the widest that is, is {Best}.", paramName);
        }

        return chosen;
    }
}
