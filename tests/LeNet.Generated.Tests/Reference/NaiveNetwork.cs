namespace LeNet.Generated.Tests.Reference;

/// <summary>A layer of the naive reference, with runtime sizes.</summary>
public abstract record NaiveLayer;

/// <summary>A convolution; with a <paramref name="Table"/>, output channel o sees only the input channels <c>Table[o]</c>.</summary>
public sealed record NaiveConv(int OutChannels, int Kernel, int Stride, int Padding, int[][]? Table = null) : NaiveLayer
{
    /// <summary>The input channels of output channel <paramref name="o"/>.</summary>
    public int[] Inputs(int o, int inChannels) => Table?[o] ?? Enumerable.Range(0, inChannels).ToArray();

    /// <summary>Index of the first weight of output channel <paramref name="o"/>: kernels are stored per connection, grouped by output channel.</summary>
    public int FirstWeight(int o, int inChannels) => Enumerable.Range(0, o).Sum(p => Inputs(p, inChannels).Length) * Kernel * Kernel;

    public int Connections(int inChannels) => Enumerable.Range(0, OutChannels).Sum(o => Inputs(o, inChannels).Length);
}

/// <summary>
/// A pool; a trainable average pool computes w[c] · mean + b[c]. With <paramref name="Padding"/>, windows reach past
/// the input, which they skip: a max pool's maximum is over the input elements, an average pool divides by the
/// window clipped to the padded input (<paramref name="CountIncludePad"/>, PyTorch's default) or by the input elements.
/// </summary>
public sealed record NaivePool(bool IsMax, int Kernel, int Stride, bool Trainable = false, int Padding = 0, bool CountIncludePad = true) : NaiveLayer
{
    public int OutputSize(int size) => ((size + (2 * Padding) - Kernel) / Stride) + 1;
}

public sealed record NaiveLinear(int OutFeatures) : NaiveLayer;

/// <summary><c>nn.AdaptiveAvgPool2d(1)</c>: each channel's mean.</summary>
public sealed record NaiveGlobalAvgPool : NaiveLayer;

/// <summary>An element-wise activation by its attribute's name; <paramref name="Slope"/> is LeakyReLU's negative slope.</summary>
public sealed record NaiveActivation(string Kind, double Slope = 0.01) : NaiveLayer;

/// <summary><c>nn.Dropout(P)</c>: the identity in evaluation; in training, the runtime's documented mask.</summary>
public sealed record NaiveDropout(double P) : NaiveLayer;

/// <summary>
/// <c>nn.BatchNorm2d</c> (<paramref name="Flat"/> false) or <c>nn.BatchNorm1d</c> in evaluation: each channel
/// normalised with the running statistics, (x − mean) / √(var + eps) · γ + β. Training statistics are a whole
/// batch's, outside this per-image reference (PyTorch's golden vectors and central differences check them).
/// </summary>
public sealed record NaiveBatchNorm(bool Flat, bool Affine = true, double Eps = 1e-5) : NaiveLayer;

/// <summary>
/// The oracle for random specs: a deliberately plain network in double precision with every shape
/// a runtime value, written straight from PyTorch's definitions (padding by bounds checks rather
/// than a padded copy, gradients by the chain rule layer by layer). It shares no code with the
/// generator; only the parameter layout (<c>state_dict</c> order, PyTorch shapes) is common.
/// </summary>
public sealed class NaiveNetwork
{
    private readonly List<(NaiveLayer Layer, int C, int H, int W, int Offset)> _layers = [];
    private readonly Dictionary<int, int> _bufferOffsets = [];

    public NaiveNetwork(int channels, int height, int width, IEnumerable<NaiveLayer> layers)
    {
        (int c, int h, int w) = (channels, height, width);
        foreach (NaiveLayer layer in layers)
        {
            _layers.Add((layer, c, h, w, ParameterCount));
            switch (layer)
            {
                case NaiveConv conv:
                    ParameterCount += (conv.Connections(c) * conv.Kernel * conv.Kernel) + conv.OutChannels;
                    (c, h, w) = (conv.OutChannels, ((h + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, ((w + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1);
                    break;
                case NaivePool pool:
                    ParameterCount += pool.Trainable ? 2 * c : 0;
                    (h, w) = (pool.OutputSize(h), pool.OutputSize(w));
                    break;
                case NaiveGlobalAvgPool:
                    (h, w) = (1, 1);
                    break;
                case NaiveLinear linear:
                    ParameterCount += (linear.OutFeatures * c * h * w) + linear.OutFeatures;
                    (c, h, w) = (linear.OutFeatures, 1, 1);
                    break;
                case NaiveBatchNorm norm:
                    ParameterCount += norm.Affine ? 2 * c : 0;
                    _bufferOffsets[_layers.Count - 1] = BufferCount;
                    BufferCount += (2 * c) + 1; // running_mean, running_var, num_batches_tracked
                    break;
            }
        }

        OutputLength = c * h * w;
    }

    public int ParameterCount { get; }

    /// <summary>The batch norms' buffers, each layer's running_mean, running_var and num_batches_tracked in <c>state_dict</c> order.</summary>
    public int BufferCount { get; }

    /// <summary>The buffers' values, read by the batch norms.</summary>
    public double[] Buffers { get; set; } = [];

    public int OutputLength { get; }

    /// <summary>Logits of one image, in evaluation.</summary>
    public double[] Forward(double[] parameters, double[] image) => Run(parameters, image, inputs: null, training: null);

    /// <summary>
    /// Cross-entropy of one image; adds ∂loss/∂θ to <paramref name="gradients"/> and returns ∂loss/∂input. With
    /// <paramref name="training"/> (the step's key and the image's place in the batch), in training: dropout
    /// applies the mask documented on <c>DropoutMasks</c>, computed here afresh.
    /// </summary>
    public (double Loss, double[] InputGradient) Backward(double[] parameters, double[] image, int label, double[] gradients, (ulong Step, int Image)? training = null)
    {
        var inputs = new List<double[]>();
        double[] logits = Run(parameters, image, inputs, training);
        double max = logits.Max();
        double sum = logits.Sum(z => Math.Exp(z - max));
        double[] dy = logits.Select(z => Math.Exp(z - max) / sum).ToArray();
        dy[label] -= 1;
        double loss = max + Math.Log(sum) - logits[label];
        return (loss, Chain(parameters, inputs, dy, gradients, training));
    }

    /// <summary>
    /// Mean squared error or BCE with logits of one image against its <paramref name="targets"/>, the mean over its
    /// outputs, from PyTorch's definitions: (z − y)², and −(y · log σ(z) + (1 − y) · log(1 − σ(z))). Adds ∂loss/∂θ to
    /// <paramref name="gradients"/> and returns ∂loss/∂input.
    /// </summary>
    public (double Loss, double[] InputGradient) Backward(double[] parameters, double[] image, double[] targets, LossFunction kind, double[] gradients)
    {
        var inputs = new List<double[]>();
        double[] z = Run(parameters, image, inputs, training: null);
        int n = z.Length;
        double loss = 0;
        var dy = new double[n];
        for (int i = 0; i < n; i++)
        {
            double y = targets[i];
            if (kind == LossFunction.MeanSquaredError)
            {
                loss += (z[i] - y) * (z[i] - y) / n;
                dy[i] = 2 * (z[i] - y) / n;
            }
            else
            {
                double p = Sigmoid(z[i]);
                loss -= ((y * Math.Log(p)) + ((1 - y) * Math.Log(1 - p))) / n;
                dy[i] = (p - y) / n;
            }
        }

        return (loss, Chain(parameters, inputs, dy, gradients, training: null));
    }

    /// <summary>The chain rule from ∂loss/∂output back through every layer, given each layer's input.</summary>
    private double[] Chain(double[] parameters, List<double[]> inputs, double[] dy, double[] gradients, (ulong Step, int Image)? training)
    {
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            (NaiveLayer layer, int c, int h, int w, int offset) = _layers[i];
            double[] x = inputs[i];
            var dx = new double[x.Length];
            switch (layer)
            {
                case NaiveConv conv:
                {
                    int oh = ((h + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, ow = ((w + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1;
                    int biasOffset = offset + (conv.Connections(c) * conv.Kernel * conv.Kernel);
                    for (int co = 0; co < conv.OutChannels; co++)
                    {
                        int[] channels = conv.Inputs(co, c);
                        int firstWeight = offset + conv.FirstWeight(co, c);
                        for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++)
                        {
                            double g = dy[(co * oh * ow) + (oy * ow) + ox];
                            gradients[biasOffset + co] += g;
                            for (int j = 0; j < channels.Length; j++)
                            for (int ky = 0; ky < conv.Kernel; ky++)
                            for (int kx = 0; kx < conv.Kernel; kx++)
                            {
                                int ci = channels[j];
                                int iy = (oy * conv.Stride) + ky - conv.Padding, ix = (ox * conv.Stride) + kx - conv.Padding;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                                {
                                    continue;
                                }

                                int wi = firstWeight + (((j * conv.Kernel) + ky) * conv.Kernel) + kx;
                                int xi = (ci * h * w) + (iy * w) + ix;
                                gradients[wi] += g * x[xi];
                                dx[xi] += g * parameters[wi];
                            }
                        }
                    }

                    break;
                }

                case NaivePool pool:
                {
                    int oh = pool.OutputSize(h), ow = pool.OutputSize(w);
                    for (int ch = 0; ch < c; ch++)
                    for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double g = dy[(ch * oh * ow) + (oy * ow) + ox];
                        if (pool.IsMax)
                        {
                            dx[MaxIndex(x, pool, ch, h, w, oy, ox)] += g;
                            continue;
                        }

                        if (pool.Trainable)
                        {
                            gradients[offset + ch] += g * Mean(x, pool, ch, h, w, oy, ox);
                            gradients[offset + c + ch] += g;
                            g *= parameters[offset + ch];
                        }

                        foreach (int xi in Window(pool, ch, h, w, oy, ox))
                        {
                            dx[xi] += g / Divisor(pool, h, w, oy, ox);
                        }
                    }

                    break;
                }

                case NaiveGlobalAvgPool:
                    for (int j = 0; j < x.Length; j++)
                    {
                        dx[j] = dy[j / (h * w)] / (h * w);
                    }

                    break;

                case NaiveLinear linear:
                {
                    int n = x.Length;
                    for (int o = 0; o < linear.OutFeatures; o++)
                    {
                        gradients[offset + (linear.OutFeatures * n) + o] += dy[o];
                        for (int j = 0; j < n; j++)
                        {
                            gradients[offset + (o * n) + j] += dy[o] * x[j];
                            dx[j] += dy[o] * parameters[offset + (o * n) + j];
                        }
                    }

                    break;
                }

                case NaiveBatchNorm norm:
                {
                    int plane = h * w;
                    for (int j = 0; j < x.Length; j++)
                    {
                        (double mean, double inverse, double gamma, _) = Statistics(parameters, norm, i, c, j / plane);
                        dx[j] = dy[j] * inverse * gamma;
                        if (norm.Affine)
                        {
                            gradients[offset + (j / plane)] += dy[j] * (x[j] - mean) * inverse;
                            gradients[offset + c + (j / plane)] += dy[j];
                        }
                    }

                    break;
                }

                case NaiveDropout dropout:
                {
                    double[] mask = Mask(dropout, i, x.Length, training);
                    for (int j = 0; j < x.Length; j++)
                    {
                        dx[j] = dy[j] * mask[j];
                    }

                    break;
                }

                case NaiveActivation activation:
                    for (int j = 0; j < x.Length; j++)
                    {
                        dx[j] = dy[j] * activation.Kind switch
                        {
                            "Tanh" => 1 - (Math.Tanh(x[j]) * Math.Tanh(x[j])),
                            "Sigmoid" => Sigmoid(x[j]) * (1 - Sigmoid(x[j])),
                            "ScaledTanh" => 1.7159 * (2.0 / 3) * (1 - (Math.Tanh(2.0 / 3 * x[j]) * Math.Tanh(2.0 / 3 * x[j]))),
                            "LeakyReLU" => x[j] > 0 ? 1 : activation.Slope,
                            _ => x[j] > 0 ? 1 : 0,
                        };
                    }

                    break;
            }

            dy = dx;
        }

        return dy;
    }

    private double[] Run(double[] parameters, double[] image, List<double[]>? inputs, (ulong Step, int Image)? training)
    {
        double[] x = image;
        for (int i = 0; i < _layers.Count; i++)
        {
            (NaiveLayer layer, int c, int h, int w, int offset) = _layers[i];
            inputs?.Add(x);
            double[] input = x;
            x = layer switch
            {
                NaiveDropout dropout => Mask(dropout, i, input.Length, training).Select((m, j) => input[j] * m).ToArray(),
                NaiveConv conv => Conv(parameters, x, conv, c, h, w, offset),
                NaivePool pool => Pool(parameters, x, pool, c, h, w, offset),
                NaiveLinear linear => Linear(parameters, x, linear, offset),
                NaiveGlobalAvgPool => Enumerable.Range(0, c).Select(ch => x.Skip(ch * h * w).Take(h * w).Sum() / (h * w)).ToArray(),
                NaiveBatchNorm norm => input.Select((v, j) =>
                {
                    (double mean, double inverse, double gamma, double beta) = Statistics(parameters, norm, i, c, j / (h * w));
                    return ((v - mean) * inverse * gamma) + beta;
                }).ToArray(),
                NaiveActivation activation => x.Select(v => activation.Kind switch
                {
                    "Tanh" => Math.Tanh(v),
                    "Sigmoid" => Sigmoid(v),
                    "ScaledTanh" => 1.7159 * Math.Tanh(2.0 / 3 * v),
                    "LeakyReLU" => v > 0 ? v : v * activation.Slope,
                    _ => double.IsNaN(v) ? v : Math.Max(v, 0),
                }).ToArray(),
                _ => throw new NotSupportedException(layer.ToString()),
            };
        }

        return x;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Batch norm layer <paramref name="layer"/>'s running mean, 1/√(var + eps), γ and β for channel <paramref name="channel"/> of <paramref name="channels"/>.</summary>
    private (double Mean, double Inverse, double Gamma, double Beta) Statistics(double[] parameters, NaiveBatchNorm norm, int layer, int channels, int channel)
    {
        int buffers = _bufferOffsets[layer], offset = _layers[layer].Offset;
        double mean = Buffers[buffers + channel], variance = Buffers[buffers + channels + channel];
        return (mean, 1 / Math.Sqrt(variance + norm.Eps), norm.Affine ? parameters[offset + channel] : 1, norm.Affine ? parameters[offset + channels + channel] : 0);
    }

    /// <summary>
    /// Dropout layer <paramref name="layer"/>'s mask: all 1 in evaluation; in training, element e of the
    /// image is kept (×1/(1 − p)) when the top 53 bits of Mix(Mix(step ^ Mix(k · 2³² + image)) + e) over
    /// 2⁵³ are at least p, k counting the dropout layers before this one and Mix SplitMix64's finaliser.
    /// </summary>
    private double[] Mask(NaiveDropout dropout, int layer, int length, (ulong Step, int Image)? training)
    {
        var mask = new double[length];
        if (training is not { } key)
        {
            Array.Fill(mask, 1.0);
            return mask;
        }

        ulong k = (ulong)_layers.Take(layer).Count(l => l.Layer is NaiveDropout);
        ulong image = Mix(key.Step ^ Mix((k << 32) | (uint)key.Image));
        for (int e = 0; e < length; e++)
        {
            double u = (Mix(image + (ulong)e) >> 11) / 9007199254740992.0;
            mask[e] = u >= dropout.P ? 1 / (1 - dropout.P) : 0;
        }

        return mask;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double[] Conv(double[] p, double[] x, NaiveConv conv, int c, int h, int w, int offset)
    {
        int oh = ((h + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, ow = ((w + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1;
        int biasOffset = offset + (conv.Connections(c) * conv.Kernel * conv.Kernel);
        var y = new double[conv.OutChannels * oh * ow];
        for (int co = 0; co < conv.OutChannels; co++)
        {
            int[] channels = conv.Inputs(co, c);
            int firstWeight = offset + conv.FirstWeight(co, c);
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            {
                double s = p[biasOffset + co];
                for (int j = 0; j < channels.Length; j++)
                for (int ky = 0; ky < conv.Kernel; ky++)
                for (int kx = 0; kx < conv.Kernel; kx++)
                {
                    int iy = (oy * conv.Stride) + ky - conv.Padding, ix = (ox * conv.Stride) + kx - conv.Padding;
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                    {
                        s += p[firstWeight + (((j * conv.Kernel) + ky) * conv.Kernel) + kx] * x[(channels[j] * h * w) + (iy * w) + ix];
                    }
                }

                y[(co * oh * ow) + (oy * ow) + ox] = s;
            }
        }

        return y;
    }

    private static double[] Pool(double[] p, double[] x, NaivePool pool, int c, int h, int w, int offset)
    {
        int oh = pool.OutputSize(h), ow = pool.OutputSize(w);
        var y = new double[c * oh * ow];
        for (int ch = 0; ch < c; ch++)
        for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
        {
            double value;
            if (pool.IsMax)
            {
                value = x[MaxIndex(x, pool, ch, h, w, oy, ox)];
            }
            else
            {
                value = Mean(x, pool, ch, h, w, oy, ox);
                if (pool.Trainable)
                {
                    value = (p[offset + ch] * value) + p[offset + c + ch];
                }
            }

            y[(ch * oh * ow) + (oy * ow) + ox] = value;
        }

        return y;
    }

    private static double Mean(double[] x, NaivePool pool, int ch, int h, int w, int oy, int ox) =>
        Window(pool, ch, h, w, oy, ox).Sum(i => x[i]) / Divisor(pool, h, w, oy, ox);

    /// <summary>The input elements of a window in row-major order, those in the padding left out.</summary>
    private static IEnumerable<int> Window(NaivePool pool, int ch, int h, int w, int oy, int ox)
    {
        for (int ky = 0; ky < pool.Kernel; ky++)
        for (int kx = 0; kx < pool.Kernel; kx++)
        {
            int iy = (oy * pool.Stride) - pool.Padding + ky, ix = (ox * pool.Stride) - pool.Padding + kx;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w)
            {
                yield return (ch * h * w) + (iy * w) + ix;
            }
        }
    }

    /// <summary>PyTorch's avg_pool2d divisor: the window clipped to the padded input, or with count_include_pad=False to the input.</summary>
    private static int Divisor(NaivePool pool, int h, int w, int oy, int ox)
    {
        int Extent(int o, int size)
        {
            int start = (o * pool.Stride) - pool.Padding, end = Math.Min(start + pool.Kernel, size + pool.Padding);
            return pool.CountIncludePad ? end - start : Math.Min(end, size) - Math.Max(start, 0);
        }

        return Extent(oy, h) * Extent(ox, w);
    }

    /// <summary>PyTorch's max-pool rule: start at the window's first input element, scan row by row, move on "greater, or NaN".</summary>
    private static int MaxIndex(double[] x, NaivePool pool, int ch, int h, int w, int oy, int ox)
    {
        int best = Window(pool, ch, h, w, oy, ox).First();
        double max = double.NegativeInfinity;
        foreach (int i in Window(pool, ch, h, w, oy, ox))
        {
            if (x[i] > max || double.IsNaN(x[i]))
            {
                (best, max) = (i, x[i]);
            }
        }

        return best;
    }

    private static double[] Linear(double[] p, double[] x, NaiveLinear linear, int offset)
    {
        int n = x.Length;
        var y = new double[linear.OutFeatures];
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            double s = p[offset + (linear.OutFeatures * n) + o];
            for (int j = 0; j < n; j++)
            {
                s += p[offset + (o * n) + j] * x[j];
            }

            y[o] = s;
        }

        return y;
    }
}
