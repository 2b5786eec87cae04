using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeNet.Generated;

/// <summary>
/// <c>nn.BatchNorm2d</c> and <c>nn.BatchNorm1d</c> over the lane groups of one pass, as PyTorch computes them
/// on the CPU: in training, each channel's mean and biased variance over every image of the pass (sums in
/// double, the mean first, then Σ(x − mean)²), y = x · α + β with α = γ/√(var + eps), β' = β − mean · α; the
/// running statistics follow with the unbiased variance; the backward pass goes through the mean and the
/// variance. In evaluation the running statistics stand in for the pass's.
/// </summary>
/// <remarks>
/// Every sum is taken image by image, each image's elements in order, and the images added in image order,
/// so the result does not depend on the vector width the groups ran at. A pass's buffers hold
/// <c>stride</c> elements per image, the group that starts at image <c>first</c> at <c>stride · first</c>,
/// in lane layout (element e of lane l at <c>e · lanes + l</c>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNorm
{
    /// <summary>Sets every layer's running mean to 0, running variance to 1 and count of batches to 0, as PyTorch's <c>reset_running_stats</c>.</summary>
    public static void ResetBuffers<T>(ReadOnlySpan<BatchNormLayer> layers, Span<T> buffers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (BatchNormLayer layer in layers)
        {
            buffers.Slice(layer.Buffers, layer.Channels).Clear();
            buffers.Slice(layer.Buffers + layer.Channels, layer.Channels).Fill(T.One);
            buffers[layer.Buffers + (2 * layer.Channels)] = T.Zero;
        }
    }

    /// <summary>Throws as PyTorch does when a training pass would normalise a single value per channel.</summary>
    public static void CheckValues(ReadOnlySpan<BatchNormLayer> layers, int count, string paramName)
    {
        foreach (BatchNormLayer layer in layers)
        {
            if ((long)count * layer.Plane == 1)
            {
                throw new ArgumentException(
                    $"Expected more than 1 value per channel when training: {layer.Name} normalises each of its {layer.Channels} features over the images of one pass, and 1 image gives it 1 value per feature; pass at least 2 images.",
                    paramName);
            }
        }
    }

    /// <summary>
    /// Normalises layer <paramref name="layer"/>'s input in every group of a pass in <see cref="NetworkMode.Training"/>
    /// with the pass's statistics, keeping each channel's mean and 1/√(var + eps) in <paramref name="statistics"/> for
    /// the backward pass, and, when <paramref name="update"/>, moves the running statistics towards the pass's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardTraining<T>(in BatchNormLayer layer, ReadOnlySpan<T> parameters, Span<T> buffers, Span<T> pass, int stride, VectorWidth width, int count, Span<double> statistics, bool update)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = layer.Channels, plane = layer.Plane;
        double n = (double)count * plane;
        Span<double> sums = stackalloc double[VectorWidths.Lanes<T>(VectorWidth.Vector512)];
        for (int c = 0; c < channels; c++)
        {
            int offset = layer.KeptInput + (c * plane);
            double total = 0;
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                total += Sum(pass, stride, offset, plane, group, sums, Reduction.Values);
            }

            double mean = total / n;
            double squares = 0;
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                squares += Sum(pass, stride, offset, plane, group, sums, Reduction.Squares, mean);
            }

            double invstd = 1 / Math.Sqrt((squares / n) + layer.Eps);
            statistics[2 * c] = mean;
            statistics[(2 * c) + 1] = invstd;
            if (update)
            {
                Span<T> running = buffers.Slice(layer.Buffers, 2 * channels);
                double m = layer.Momentum;
                running[c] = T.CreateTruncating((m * mean) + ((1 - m) * double.CreateTruncating(running[c])));
                running[channels + c] = T.CreateTruncating((m * squares / (n - 1)) + ((1 - m) * double.CreateTruncating(running[channels + c])));
            }

            // As PyTorch: the linear and constant terms in the parameters' type.
            T alpha = T.CreateTruncating(invstd) * Weight(layer, parameters, c);
            T beta = Bias(layer, parameters, c) - (T.CreateTruncating(mean) * alpha);
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                Span<T> g = pass.Slice(stride * group.First, stride * group.Lanes);
                Apply(g.Slice(offset * group.Lanes, plane * group.Lanes), g.Slice((layer.KeptOutput + (c * plane)) * group.Lanes, plane * group.Lanes), alpha, beta);
            }
        }

        if (update)
        {
            buffers[layer.Buffers + (2 * channels)] += T.One;
        }
    }

    /// <summary>
    /// Normalises with the running statistics (<see cref="NetworkMode.Evaluation"/>) the input of one group of
    /// <paramref name="lanes"/> images, from <paramref name="input"/> to <paramref name="output"/> (offsets per lane).
    /// With <paramref name="statistics"/> not empty, keeps the running mean and 1/√(var + eps) there for a backward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardEvaluation<T>(in BatchNormLayer layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> buffers, Span<T> group, int input, int output, int lanes, Span<double> statistics = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = layer.Channels, plane = layer.Plane;
        T eps = T.CreateTruncating(layer.Eps);
        for (int c = 0; c < channels; c++)
        {
            T mean = buffers[layer.Buffers + c];
            T invstd = T.One / T.Sqrt(buffers[layer.Buffers + channels + c] + eps);
            if (!statistics.IsEmpty)
            {
                statistics[2 * c] = double.CreateTruncating(mean);
                statistics[(2 * c) + 1] = double.CreateTruncating(invstd);
            }

            T alpha = invstd * Weight(layer, parameters, c);
            T beta = Bias(layer, parameters, c) - (mean * alpha);
            Apply(group.Slice((input + (c * plane)) * lanes, plane * lanes), group.Slice((output + (c * plane)) * lanes, plane * lanes), alpha, beta);
        }
    }

    /// <summary>
    /// The backward pass of every group of a pass: reads ∂loss/∂y at the layer's output in <paramref name="gradients"/>
    /// and its input in <paramref name="activations"/>, writes ∂loss/∂x at its input in <paramref name="gradients"/>, and
    /// adds ∂loss/∂γ and ∂loss/∂β to <paramref name="parameterGradients"/>. In training the gradient flows through the
    /// pass's mean and variance; in evaluation the statistics are constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Backward<T>(in BatchNormLayer layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> activations, int activationStride, Span<T> gradients, int gradientStride, VectorWidth width, int count, ReadOnlySpan<double> statistics, bool training, Span<T> parameterGradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = layer.Channels, plane = layer.Plane;
        double n = (double)count * plane;
        Span<double> sums = stackalloc double[VectorWidths.Lanes<T>(VectorWidth.Vector512)];
        for (int c = 0; c < channels; c++)
        {
            double mean = statistics[2 * c], invstd = statistics[(2 * c) + 1];
            int x = layer.KeptInput + (c * plane), dy = layer.AlternatingOutput + (c * plane), dx = layer.AlternatingInput + (c * plane);
            double sum = 0, dotp = 0;
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                ReadOnlySpan<T> g = gradients.Slice(gradientStride * group.First, gradientStride * group.Lanes);
                sum += Sum(g, 0, dy, plane, group, sums, Reduction.Values);
                dotp += Sum(activations.Slice(activationStride * group.First, activationStride * group.Lanes), 0, x, plane, group, sums, Reduction.Products, mean, g.Slice(dy * group.Lanes, plane * group.Lanes));
            }

            if (layer.Weight >= 0)
            {
                parameterGradients[layer.Weight + c] += T.CreateTruncating(dotp * invstd);
                parameterGradients[layer.Bias + c] += T.CreateTruncating(sum);
            }

            T w = Weight(layer, parameters, c), s = T.CreateTruncating(invstd), m = T.CreateTruncating(mean);
            T k = training ? T.CreateTruncating(dotp * invstd * invstd / n) : T.Zero;
            T gradMean = training ? T.CreateTruncating(sum / n) : T.Zero;
            foreach (LaneGroups<T> group in new LaneGroups<T>(width, count))
            {
                int lanes = group.Lanes;
                ReadOnlySpan<T> input = activations.Slice((activationStride * group.First) + (x * lanes), plane * lanes);
                Span<T> g = gradients.Slice(gradientStride * group.First, gradientStride * lanes);
                InputGradient(input, g.Slice(dy * lanes, plane * lanes), g.Slice(dx * lanes, plane * lanes), m, k, gradMean, s, w, training);
            }
        }
    }

    /// <summary>
    /// Σ over the images of one group of Σ over a channel's elements of x (<see cref="Reduction.Values"/>),
    /// (x − <paramref name="centre"/>)² or (x − centre) · <paramref name="by"/>: each image's elements in order
    /// (a lane of a vector of double accumulators per image), the images added in order, all in double.
    /// </summary>
    private static double Sum<T>(ReadOnlySpan<T> pass, int stride, int offset, int plane, in LaneGroups<T> group, Span<double> sums, Reduction reduction, double centre = 0, ReadOnlySpan<T> by = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = group.Lanes;
        ReadOnlySpan<T> values = pass.Slice((stride * group.First) + (offset * lanes), plane * lanes);
        Span<double> lane = sums[..lanes];
        lane.Clear();
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float) && lanes % Vector<float>.Count == 0)
        {
            SumWidened(MemoryMarshal.Cast<T, float>(values), lanes, reduction, centre, MemoryMarshal.Cast<T, float>(by), lane);
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double) && lanes % Vector<double>.Count == 0)
        {
            SumDouble(MemoryMarshal.Cast<T, double>(values), lanes, reduction, centre, MemoryMarshal.Cast<T, double>(by), lane);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                double v = double.CreateTruncating(values[i]);
                lane[i % lanes] += reduction switch
                {
                    Reduction.Values => v,
                    Reduction.Squares => (v - centre) * (v - centre),
                    _ => (v - centre) * double.CreateTruncating(by[i]),
                };
            }
        }

        double total = 0;
        foreach (double s in lane)
        {
            total += s;
        }

        return total;
    }

    /// <summary><see cref="Sum"/> of float lanes, each vector of floats widened to two of doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumWidened(ReadOnlySpan<float> values, int lanes, Reduction reduction, double centre, ReadOnlySpan<float> by, Span<double> lane)
    {
        Span<Vector<double>> acc = MemoryMarshal.Cast<double, Vector<double>>(lane);
        ReadOnlySpan<Vector<float>> x = MemoryMarshal.Cast<float, Vector<float>>(values);
        ReadOnlySpan<Vector<float>> y = MemoryMarshal.Cast<float, Vector<float>>(by);
        var c = new Vector<double>(centre);
        int perRow = lanes / Vector<float>.Count;
        for (int i = 0; i < x.Length; i++)
        {
            int k = 2 * (i % perRow);
            Vector.Widen(x[i], out Vector<double> low, out Vector<double> high);
            switch (reduction)
            {
                case Reduction.Values:
                    acc[k] += low;
                    acc[k + 1] += high;
                    break;
                case Reduction.Squares:
                    acc[k] += (low - c) * (low - c);
                    acc[k + 1] += (high - c) * (high - c);
                    break;
                default:
                    Vector.Widen(y[i], out Vector<double> byLow, out Vector<double> byHigh);
                    acc[k] += (low - c) * byLow;
                    acc[k + 1] += (high - c) * byHigh;
                    break;
            }
        }
    }

    /// <summary><see cref="Sum"/> of double lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumDouble(ReadOnlySpan<double> values, int lanes, Reduction reduction, double centre, ReadOnlySpan<double> by, Span<double> lane)
    {
        Span<Vector<double>> acc = MemoryMarshal.Cast<double, Vector<double>>(lane);
        ReadOnlySpan<Vector<double>> x = MemoryMarshal.Cast<double, Vector<double>>(values);
        ReadOnlySpan<Vector<double>> y = MemoryMarshal.Cast<double, Vector<double>>(by);
        var c = new Vector<double>(centre);
        int perRow = lanes / Vector<double>.Count;
        for (int i = 0; i < x.Length; i++)
        {
            int k = i % perRow;
            acc[k] += reduction switch
            {
                Reduction.Values => x[i],
                Reduction.Squares => (x[i] - c) * (x[i] - c),
                _ => (x[i] - c) * y[i],
            };
        }
    }

    private enum Reduction
    {
        Values,
        Squares,
        Products,
    }

    /// <summary>y = x · α + β, a vector at a time (a multiply, then an add: the bits of one element at a time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<T>(ReadOnlySpan<T> x, Span<T> y, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            Span<Vector<T>> ys = MemoryMarshal.Cast<T, Vector<T>>(y);
            Vector<T> a = new(alpha), b = new(beta);
            for (int v = 0; v < xs.Length; v++)
            {
                ys[v] = (xs[v] * a) + b;
            }

            i = xs.Length * Vector<T>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = (x[i] * alpha) + beta;
        }
    }

    /// <summary>
    /// ∂loss/∂x = (dy − mean(dy) − (x − mean) · k) · invstd · γ in training, dy · invstd · γ in evaluation (<paramref name="k"/>
    /// and <paramref name="gradMean"/> 0), a vector at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, T mean, T k, T gradMean, T invstd, T w, bool training)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x), dys = MemoryMarshal.Cast<T, Vector<T>>(dy);
            Span<Vector<T>> dxs = MemoryMarshal.Cast<T, Vector<T>>(dx);
            Vector<T> m = new(mean), kv = new(k), g = new(gradMean), s = new(invstd), wv = new(w);
            for (int v = 0; v < dxs.Length; v++)
            {
                dxs[v] = training ? (dys[v] - g - ((xs[v] - m) * kv)) * s * wv : dys[v] * s * wv;
            }

            i = dxs.Length * Vector<T>.Count;
        }

        for (; i < dx.Length; i++)
        {
            dx[i] = training ? (dy[i] - gradMean - ((x[i] - mean) * k)) * invstd * w : dy[i] * invstd * w;
        }
    }

    private static T Weight<T>(in BatchNormLayer layer, ReadOnlySpan<T> parameters, int c)
        where T : unmanaged, IFloatingPointIeee754<T> => layer.Weight < 0 ? T.One : parameters[layer.Weight + c];

    private static T Bias<T>(in BatchNormLayer layer, ReadOnlySpan<T> parameters, int c)
        where T : unmanaged, IFloatingPointIeee754<T> => layer.Weight < 0 ? T.Zero : parameters[layer.Bias + c];
}
