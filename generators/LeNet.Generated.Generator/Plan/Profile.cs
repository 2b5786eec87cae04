using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Plan;

/// <summary>
/// A processor the kernels are scheduled for: a vector width and the vector registers a kernel can keep
/// its accumulators in. Every network gets kernels for each profile; the runtime picks one per process.
/// </summary>
/// <param name="Width">Bits per vector; 0 for one element at a time.</param>
/// <param name="Registers">Architectural vector registers: 32 with AVX-512, 16 with AVX2 and SSE.</param>
internal sealed record Profile(int Width, int Registers)
{
    public static readonly Profile Vector512 = new(512, 32);
    public static readonly Profile Vector256 = new(256, 16);
    public static readonly Profile Vector128 = new(128, 16);
    public static readonly Profile Scalar = new(0, 16);

    /// <summary>Widest first: the order the generated dispatch tries them in.</summary>
    public static readonly EquatableArray<Profile> All = new[] { Vector512, Vector256, Vector128, Scalar }.ToEquatableArray();

    public bool IsVector => Width > 0;

    /// <summary>The <c>VectorWidth</c> member and the name of the nested class holding this profile's kernels: "Vector512", "Scalar".</summary>
    public string Name => IsVector ? "Vector" + Width : "Scalar";

    /// <summary>Elements of <paramref name="scalar"/> per vector: the images of one lane group.</summary>
    public int Lanes(ScalarType scalar) => IsVector ? Width / (scalar == ScalarType.Float ? 32 : 64) : 1;

    public override string ToString() => IsVector ? $"{Width}-bit vectors, {Registers} registers" : "scalars";
}
