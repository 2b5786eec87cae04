using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeNet.Generated;

/// <summary>
/// Writes the dropout masks of a lane group into its activations before the training forward pass: for
/// each dropout layer, 1/(1 − p) where an element is kept and 0 where it is dropped (PyTorch's inverted
/// dropout, the same factor its kernel computes), or 1 everywhere in <see cref="NetworkMode.Evaluation"/>.
/// The generated forward pass multiplies by the mask and the backward pass by the same mask.
/// </summary>
/// <remarks>
/// Element <c>e</c> of image <c>n</c> (its place in the step's batch) at dropout layer <c>k</c> (0 for the
/// first) is dropped when <c>u &lt; p</c>, <c>u</c> being the top 53 bits of
/// <c>Mix(Mix(step ^ Mix(k · 2³² + n)) + e)</c> over 2⁵³, with <c>Mix</c> SplitMix64's finaliser. A hash,
/// not a stream: any image's mask is computed where it is needed, in any order.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutMasks
{
    /// <summary>SplitMix64's output function: a bijection of 64-bit words with full avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Whether element <paramref name="element"/> of image <paramref name="image"/> is kept at dropout layer <paramref name="layer"/>.</summary>
    public static bool Keeps(ulong step, int layer, int image, int element, double p) => Uniform(ImageKey(step, layer, image), element) >= p;

    /// <summary>The key of one image at one dropout layer, from which each of its elements draws.</summary>
    private static ulong ImageKey(ulong step, int layer, int image) => Mix(step ^ Mix(((ulong)(uint)layer << 32) | (uint)image));

    /// <summary>Uniform in [0, 1) with 53 bits, for element <paramref name="element"/> of an image.</summary>
    private static double Uniform(ulong imageKey, int element) => (Mix(imageKey + (uint)element) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Fills every dropout layer's mask of a group of <paramref name="lanes"/> images in
    /// <paramref name="activations"/> (lane layout): the images are <paramref name="key"/>'s images from its first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill<T>(ReadOnlySpan<DropoutLayer> layers, Span<T> activations, int lanes, NetworkMode mode, DropoutKey key)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < layers.Length; k++)
        {
            DropoutLayer layer = layers[k];
            Span<T> mask = activations.Slice(layer.Mask * lanes, layer.Length * lanes);
            if (mode == NetworkMode.Evaluation || layer.P == 0)
            {
                mask.Fill(T.One);
                continue;
            }

            // As PyTorch: the kept factor is 1 divided by (1 - p) in the tensor's type.
            T kept = T.One / T.CreateTruncating(1 - layer.P);
            for (int lane = 0; lane < lanes; lane++)
            {
                ulong imageKey = ImageKey(key.Step, k, key.FirstImage + lane);
                for (int e = 0; e < layer.Length; e++)
                {
                    mask[(e * lanes) + lane] = Uniform(imageKey, e) >= layer.P ? kept : T.Zero;
                }
            }
        }
    }
}

/// <summary>One dropout layer of a generated network: where its mask lies among a lane group's kept activations (per lane), its length and p.</summary>
/// <param name="Mask">Offset of the mask, in elements per lane, in the training pass's activations.</param>
/// <param name="Length">Elements per image.</param>
/// <param name="P">Probability of dropping an element, in [0, 1).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct DropoutLayer(int Mask, int Length, double P);
