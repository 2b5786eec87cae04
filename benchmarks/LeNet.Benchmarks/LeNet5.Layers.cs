using System.Numerics;

namespace LeNet.Benchmarks;

/// <summary>
/// The generated lane kernels one at a time, for <see cref="LayerBenchmarks"/>: this part of the
/// partial class can call its private kernels. Offsets are those of the generated plan
/// (<c>ForwardGroup</c>/<c>BackwardGroup</c> in obj/Generated), on buffers of one lane group.
/// </summary>
public sealed partial class LeNet5
{
    internal sealed class LayerKernels
    {
        private readonly float[] _p;
        private readonly Vector<float>[] _a = new Vector<float>[ActivationLength];
        private readonly Vector<float>[] _da = new Vector<float>[ActivationLength];
        private readonly Vector<float>[] _dp = new Vector<float>[ParameterCount];
        private readonly float[] _dg = new float[ParameterCount];
        private readonly float[] _rows = new float[Vector<float>.Count * 400];

        public LayerKernels(LeNet5 network)
        {
            _p = network._parameters;
            var random = new Random(7);
            for (int i = 0; i < _a.Length; i++)
            {
                _a[i] = new Vector<float>(random.NextSingle() - 0.5f);
                _da[i] = new Vector<float>(random.NextSingle() - 0.5f);
            }
        }

        public void Conv1Forward() => Conv1ForwardLanes(_a.AsSpan(784, 1024), _p.AsSpan(0, 150), _p.AsSpan(150, 6), _a.AsSpan(1808, 4704));

        public void Pool1Forward() => Pool1ForwardLanes(_a.AsSpan(1808, 4704), _a.AsSpan(6512, 1176));

        public void Conv2Forward() => Conv2ForwardLanes(_a.AsSpan(6512, 1176), _p.AsSpan(156, 2400), _p.AsSpan(2556, 16), _a.AsSpan(7688, 1600));

        public void DenseForward()
        {
            Pool2ForwardLanes(_a.AsSpan(7688, 1600), _a.AsSpan(9288, 400));
            Fc1ForwardLanes(_a.AsSpan(9288, 400), _p.AsSpan(2572, 48000), _p.AsSpan(50572, 120), _a.AsSpan(9688, 120));
            Fc2ForwardLanes(_a.AsSpan(9688, 120), _p.AsSpan(50692, 10080), _p.AsSpan(60772, 84), _a.AsSpan(9808, 84));
            Fc3ForwardLanes(_a.AsSpan(9808, 84), _p.AsSpan(60856, 840), _p.AsSpan(61696, 10), _a.AsSpan(9892, 10));
        }

        public void DenseWeightGradients()
        {
            Fc3BackwardParametersLanes(_a.AsSpan(9808, 84), _da.AsSpan(9892, 10), _dg.AsSpan(60856, 840), _dg.AsSpan(61696, 10), _rows);
            Fc2BackwardParametersLanes(_a.AsSpan(9688, 120), _da.AsSpan(9808, 84), _dg.AsSpan(50692, 10080), _dg.AsSpan(60772, 84), _rows);
            Fc1BackwardParametersLanes(_a.AsSpan(9288, 400), _da.AsSpan(9688, 120), _dg.AsSpan(2572, 48000), _dg.AsSpan(50572, 120), _rows);
        }

        public void DenseInputGradients()
        {
            Fc3BackwardInputLanes(_da.AsSpan(9892, 10), _p.AsSpan(60856, 840), _da.AsSpan(9808, 84));
            Fc2BackwardInputLanes(_da.AsSpan(9808, 84), _p.AsSpan(50692, 10080), _da.AsSpan(9688, 120));
            Fc1BackwardInputLanes(_da.AsSpan(9688, 120), _p.AsSpan(2572, 48000), _da.AsSpan(9288, 400));
            Pool2BackwardLanes(_a.AsSpan(7688, 1600), _da.AsSpan(9288, 400), _da.AsSpan(7688, 1600));
        }

        public void Conv2WeightGradients() => Conv2BackwardParametersLanes(_a.AsSpan(6512, 1176), _da.AsSpan(7688, 1600), _dp.AsSpan(156, 2400), _dp.AsSpan(2556, 16));

        public void Conv2InputGradients() => Conv2BackwardInputLanes(_da.AsSpan(7688, 1600), _p.AsSpan(156, 2400), _da.AsSpan(6512, 1176));

        public void Conv1WeightGradients() => Conv1BackwardParametersLanes(_a.AsSpan(784, 1024), _da.AsSpan(1808, 4704), _dp.AsSpan(0, 150), _dp.AsSpan(150, 6));

        public void Pool1Gradients() => Pool1BackwardLanes(_a.AsSpan(1808, 4704), _da.AsSpan(6512, 1176), _da.AsSpan(1808, 4704));
    }

    /// <summary>The per-image kernels of batch 1 (<c>ForwardImage</c>), one at a time, on one image's buffers.</summary>
    internal sealed class ImageKernels
    {
        private readonly float[] _p;
        private readonly float[] _a = new float[ActivationLength];
        private readonly float[] _scratch = new float[4000];

        public ImageKernels(LeNet5 network)
        {
            _p = network._parameters;
            var random = new Random(7);
            for (int i = 0; i < _a.Length; i++)
            {
                _a[i] = random.NextSingle() - 0.5f;
            }
        }

        public void Conv1() => Conv1Forward(_a.AsSpan(784, 1024), _p.AsSpan(0, 150), _p.AsSpan(150, 6), _a.AsSpan(1808, 4704));

        public void Pool1() => Pool1Forward(_a.AsSpan(1808, 4704), _a.AsSpan(6512, 1176));

        public void Conv2() => Conv2Forward(_a.AsSpan(6512, 1176), _p.AsSpan(156, 2400), _p.AsSpan(2556, 16), _a.AsSpan(7688, 1600), _scratch);

        public void Pool2() => Pool2Forward(_a.AsSpan(7688, 1600), _a.AsSpan(9288, 400));

        public void Fc1() => Fc1Forward(_a.AsSpan(9288, 400), _p.AsSpan(2572, 48000), _p.AsSpan(50572, 120), _a.AsSpan(9688, 120));

        public void Fc2AndFc3()
        {
            Fc2Forward(_a.AsSpan(9688, 120), _p.AsSpan(50692, 10080), _p.AsSpan(60772, 84), _a.AsSpan(9808, 84));
            Fc3Forward(_a.AsSpan(9808, 84), _p.AsSpan(60856, 840), _p.AsSpan(61696, 10), _a.AsSpan(9892, 10));
        }
    }
}
