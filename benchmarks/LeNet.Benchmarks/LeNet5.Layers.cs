using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LeNet.Generated;

namespace LeNet.Benchmarks;

/// <summary>
/// The generated kernels of LeNet-5 one at a time, for <see cref="LayerBenchmarks"/> and
/// <see cref="ImageLayerBenchmarks"/>: this part of the partial struct can call the nested kernel classes.
/// Offsets are those of the generated passes (<c>ForwardTraining</c>, <c>Backward</c> and <c>ForwardImage</c>
/// in obj/Generated), at the width the process runs (512 or 256 bits; the per-layer profile is for SIMD).
/// </summary>
public sealed partial class LeNet5
{
    public readonly partial struct Kernels
    {
        /// <summary>One lane group's buffers and each lane kernel of the training step.</summary>
        internal sealed class Layers(LeNet5 network)
        {
            private readonly float[] _p = network.Parameters.ToArray();
            private readonly float[] _a = Noise(Layout.ActivationLength * Lanes, 7);
            private readonly float[] _da = Noise(Layout.GradientLength * Lanes, 8);
            private readonly float[] _scratch = new float[Layout.ScratchLength * Lanes];
            private readonly float[] _dg = new float[ParameterCount];

            /// <summary>Images per group at the process's width.</summary>
            public static int Lanes => VectorWidths.Lanes<float>(Width);

            private static VectorWidth Width => VectorWidths.Best;

            public void Conv1Forward() => Run(
                static l => Vector512.Conv1Forward(V512(l._a, 784, 1024), l._p.AsSpan(0, 150), l._p.AsSpan(150, 6), V512(l._a, 1808, 4704)),
                static l => Vector256.Conv1Forward(V256(l._a, 784, 1024), l._p.AsSpan(0, 150), l._p.AsSpan(150, 6), V256(l._a, 1808, 4704)));

            public void Pool1Forward() => Run(
                static l => Vector512.Pool1Forward(V512(l._a, 1808, 4704), V512(l._a, 6512, 1176)),
                static l => Vector256.Pool1Forward(V256(l._a, 1808, 4704), V256(l._a, 6512, 1176)));

            public void Conv2Forward() => Run(
                static l => Vector512.Conv2Forward(V512(l._a, 6512, 1176), l._p.AsSpan(156, 2400), l._p.AsSpan(2556, 16), V512(l._a, 7688, 1600)),
                static l => Vector256.Conv2Forward(V256(l._a, 6512, 1176), l._p.AsSpan(156, 2400), l._p.AsSpan(2556, 16), V256(l._a, 7688, 1600)));

            public void DenseForward() => Run(
                static l =>
                {
                    Vector512.Pool2Forward(V512(l._a, 7688, 1600), V512(l._a, 9288, 400));
                    Vector512.Fc1Forward(V512(l._a, 9288, 400), l._p.AsSpan(2572, 48000), l._p.AsSpan(50572, 120), V512(l._a, 9688, 120));
                    Vector512.Fc2Forward(V512(l._a, 9688, 120), l._p.AsSpan(50692, 10080), l._p.AsSpan(60772, 84), V512(l._a, 9808, 84));
                    Vector512.Fc3Forward(V512(l._a, 9808, 84), l._p.AsSpan(60856, 840), l._p.AsSpan(61696, 10), V512(l._a, 9892, 10));
                },
                static l =>
                {
                    Vector256.Pool2Forward(V256(l._a, 7688, 1600), V256(l._a, 9288, 400));
                    Vector256.Fc1Forward(V256(l._a, 9288, 400), l._p.AsSpan(2572, 48000), l._p.AsSpan(50572, 120), V256(l._a, 9688, 120));
                    Vector256.Fc2Forward(V256(l._a, 9688, 120), l._p.AsSpan(50692, 10080), l._p.AsSpan(60772, 84), V256(l._a, 9808, 84));
                    Vector256.Fc3Forward(V256(l._a, 9808, 84), l._p.AsSpan(60856, 840), l._p.AsSpan(61696, 10), V256(l._a, 9892, 10));
                });

            public void DenseWeightGradients() => Run(
                    static l =>
                    {
                        Vector512.Fc3BackwardParameters(V512(l._a, 9808, 84), V512(l._da, 0, 10), l._dg.AsSpan(60856, 840), l._dg.AsSpan(61696, 10), l._scratch.AsSpan(2572 * 16, 84 * 16));
                        Vector512.Fc2BackwardParameters(V512(l._a, 9688, 120), V512(l._da, 4704, 84), l._dg.AsSpan(50692, 10080), l._dg.AsSpan(60772, 84), l._scratch.AsSpan(2572 * 16, 120 * 16));
                        Vector512.Fc1BackwardParameters(V512(l._a, 9288, 400), V512(l._da, 0, 120), l._dg.AsSpan(2572, 48000), l._dg.AsSpan(50572, 120), l._scratch.AsSpan(2572 * 16, 400 * 16));
                    },
                    static l =>
                    {
                        Vector256.Fc3BackwardParameters(V256(l._a, 9808, 84), V256(l._da, 0, 10), l._dg.AsSpan(60856, 840), l._dg.AsSpan(61696, 10), l._scratch.AsSpan(2572 * 8, 84 * 8));
                        Vector256.Fc2BackwardParameters(V256(l._a, 9688, 120), V256(l._da, 4704, 84), l._dg.AsSpan(50692, 10080), l._dg.AsSpan(60772, 84), l._scratch.AsSpan(2572 * 8, 120 * 8));
                        Vector256.Fc1BackwardParameters(V256(l._a, 9288, 400), V256(l._da, 0, 120), l._dg.AsSpan(2572, 48000), l._dg.AsSpan(50572, 120), l._scratch.AsSpan(2572 * 8, 400 * 8));
                    });

            public void DenseInputGradients() => Run(
                static l =>
                {
                    Vector512.Fc3BackwardInput(V512(l._da, 0, 10), l._p.AsSpan(60856, 840), V512(l._da, 4704, 84));
                    Vector512.Fc2BackwardInput(V512(l._da, 4704, 84), l._p.AsSpan(50692, 10080), V512(l._da, 0, 120));
                    Vector512.Fc1BackwardInput(V512(l._da, 0, 120), l._p.AsSpan(2572, 48000), V512(l._da, 4704, 400));
                    Vector512.Pool2Backward(V512(l._a, 7688, 1600), V512(l._da, 4704, 400), V512(l._da, 0, 1600));
                },
                static l =>
                {
                    Vector256.Fc3BackwardInput(V256(l._da, 0, 10), l._p.AsSpan(60856, 840), V256(l._da, 4704, 84));
                    Vector256.Fc2BackwardInput(V256(l._da, 4704, 84), l._p.AsSpan(50692, 10080), V256(l._da, 0, 120));
                    Vector256.Fc1BackwardInput(V256(l._da, 0, 120), l._p.AsSpan(2572, 48000), V256(l._da, 4704, 400));
                    Vector256.Pool2Backward(V256(l._a, 7688, 1600), V256(l._da, 4704, 400), V256(l._da, 0, 1600));
                });

            public void Conv2WeightGradients() => Run(
                static l => Vector512.Conv2BackwardParameters(V512(l._a, 6512, 1176), V512(l._da, 0, 1600), V512(l._scratch, 156, 2400), V512(l._scratch, 2556, 16)),
                static l => Vector256.Conv2BackwardParameters(V256(l._a, 6512, 1176), V256(l._da, 0, 1600), V256(l._scratch, 156, 2400), V256(l._scratch, 2556, 16)));

            public void Conv2InputGradients() => Run(
                static l => Vector512.Conv2BackwardInput(V512(l._da, 0, 1600), l._p.AsSpan(156, 2400), V512(l._da, 4704, 1176)),
                static l => Vector256.Conv2BackwardInput(V256(l._da, 0, 1600), l._p.AsSpan(156, 2400), V256(l._da, 4704, 1176)));

            public void Conv1WeightGradients() => Run(
                static l => Vector512.Conv1BackwardParameters(V512(l._a, 784, 1024), V512(l._da, 0, 4704), V512(l._scratch, 0, 150), V512(l._scratch, 150, 6)),
                static l => Vector256.Conv1BackwardParameters(V256(l._a, 784, 1024), V256(l._da, 0, 4704), V256(l._scratch, 0, 150), V256(l._scratch, 150, 6)));

            public void Pool1Gradients() => Run(
                static l => Vector512.Pool1Backward(V512(l._a, 1808, 4704), V512(l._da, 4704, 1176), V512(l._da, 0, 4704)),
                static l => Vector256.Pool1Backward(V256(l._a, 1808, 4704), V256(l._da, 4704, 1176), V256(l._da, 0, 4704)));

            /// <summary>The per-lane parameter gradients of a group added to the parameter gradients image by image.</summary>
            public void LaneGradientSums() => global::LeNet.Generated.Lanes.AddInOrder<float>(_scratch.AsSpan(0, 2572 * Lanes), Lanes, _dg.AsSpan(0, 2572));

            private void Run(Action<Layers> at512, Action<Layers> at256)
            {
                switch (Width)
                {
                    case VectorWidth.Vector512:
                        at512(this);
                        break;
                    case VectorWidth.Vector256:
                        at256(this);
                        break;
                    default:
                        throw new PlatformNotSupportedException($"The per-layer profile runs at 512 or 256 bits; this process runs at {Width}.");
                }
            }
        }

        /// <summary>One image's buffer and each per-image kernel of batch 1 (<c>ForwardImage</c>'s offsets).</summary>
        internal sealed class ImageLayers(LeNet5 network)
        {
            private readonly float[] _p = network.Parameters.ToArray();
            private readonly float[] _a = Noise(ImageBufferLength, 7);

            private Span<float> Scratch => _a.AsSpan(5880, 4000);

            public void Conv1() => Run(
                static l => Vector512.Conv1ForwardImage(l._a.AsSpan(4704, 1024), l._p.AsSpan(0, 150), l._p.AsSpan(150, 6), l._a.AsSpan(0, 4704)),
                static l => Vector256.Conv1ForwardImage(l._a.AsSpan(4704, 1024), l._p.AsSpan(0, 150), l._p.AsSpan(150, 6), l._a.AsSpan(0, 4704)));

            public void Pool1() => Run(
                static l => Vector512.Pool1ForwardImage(l._a.AsSpan(0, 4704), l._a.AsSpan(4704, 1176)),
                static l => Vector256.Pool1ForwardImage(l._a.AsSpan(0, 4704), l._a.AsSpan(4704, 1176)));

            public void Pool1Scalar() => Scalar.Pool1Forward(_a.AsSpan(0, 4704), _a.AsSpan(4704, 1176));

            public void Conv2() => Run(
                static l => Vector512.Conv2ForwardImage(l._a.AsSpan(4704, 1176), l._p.AsSpan(156, 2400), l._p.AsSpan(2556, 16), l._a.AsSpan(0, 1600), l.Scratch),
                static l => Vector256.Conv2ForwardImage(l._a.AsSpan(4704, 1176), l._p.AsSpan(156, 2400), l._p.AsSpan(2556, 16), l._a.AsSpan(0, 1600), l.Scratch));

            public void Pool2() => Run(
                static l => Vector512.Pool2ForwardImage(l._a.AsSpan(0, 1600), l._a.AsSpan(4704, 400)),
                static l => Vector256.Pool2ForwardImage(l._a.AsSpan(0, 1600), l._a.AsSpan(4704, 400)));

            public void Pool2Scalar() => Scalar.Pool2Forward(_a.AsSpan(0, 1600), _a.AsSpan(4704, 400));

            public void Fc1() => Run(
                static l => Vector512.Fc1ForwardImage(l._a.AsSpan(4704, 400), l._p.AsSpan(2572, 48000), l._p.AsSpan(50572, 120), l._a.AsSpan(0, 120)),
                static l => Vector256.Fc1ForwardImage(l._a.AsSpan(4704, 400), l._p.AsSpan(2572, 48000), l._p.AsSpan(50572, 120), l._a.AsSpan(0, 120)));

            public void Fc2AndFc3() => Run(
                static l =>
                {
                    Vector512.Fc2ForwardImage(l._a.AsSpan(0, 120), l._p.AsSpan(50692, 10080), l._p.AsSpan(60772, 84), l._a.AsSpan(4704, 84));
                    Vector512.Fc3ForwardImage(l._a.AsSpan(4704, 84), l._p.AsSpan(60856, 840), l._p.AsSpan(61696, 10), l._a.AsSpan(0, 10));
                },
                static l =>
                {
                    Vector256.Fc2ForwardImage(l._a.AsSpan(0, 120), l._p.AsSpan(50692, 10080), l._p.AsSpan(60772, 84), l._a.AsSpan(4704, 84));
                    Vector256.Fc3ForwardImage(l._a.AsSpan(4704, 84), l._p.AsSpan(60856, 840), l._p.AsSpan(61696, 10), l._a.AsSpan(0, 10));
                });

            private void Run(Action<ImageLayers> at512, Action<ImageLayers> at256) => (VectorWidths.Best switch
            {
                VectorWidth.Vector512 => at512,
                VectorWidth.Vector256 => at256,
                _ => throw new PlatformNotSupportedException($"The per-layer profile runs at 512 or 256 bits; this process runs at {VectorWidths.Best}."),
            })(this);
        }

        private static Span<Vector512<float>> V512(float[] buffer, int offset, int length) => MemoryMarshal.Cast<float, Vector512<float>>(buffer.AsSpan()).Slice(offset, length);

        private static Span<Vector256<float>> V256(float[] buffer, int offset, int length) => MemoryMarshal.Cast<float, Vector256<float>>(buffer.AsSpan()).Slice(offset, length);

        private static float[] Noise(int length, int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f)];
        }
    }
}
