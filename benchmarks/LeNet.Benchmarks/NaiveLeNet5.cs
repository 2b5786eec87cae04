namespace LeNet.Benchmarks;

/// <summary>
/// LeNet-5 as it is written without a generator: one generic loop nest per kind of layer over shapes
/// read from a layer list at run time, float, <see cref="MathF.Tanh"/>, buffers allocated once. The
/// naive runtime-shaped reference the generated code is measured against, on the generated
/// network's weights (PyTorch's <c>state_dict</c> layout); the benchmarks' setup checks it gives the
/// same logits and loss.
/// </summary>
internal sealed class NaiveLeNet5
{
    private enum Kind
    {
        Conv,
        Tanh,
        AvgPool,
        Linear,
    }

    /// <summary>One layer: what it is, its input and output shapes, its kernel and padding, where its weights start.</summary>
    private sealed record Layer(Kind Kind, int InC, int InH, int InW, int OutC, int OutH, int OutW, int Kernel = 0, int Padding = 0, int Weights = 0)
    {
        public int InLength => InC * InH * InW;

        public int OutLength => OutC * OutH * OutW;

        public int Biases => Weights + (Kind == Kind.Conv ? OutC * InC * Kernel * Kernel : OutLength * InLength);
    }

    private readonly Layer[] _layers;
    private readonly float[] _parameters;
    private readonly float[] _momentum;
    private readonly Worker[] _workers;

    public NaiveLeNet5(LeNet5 network, int threads)
    {
        var layers = new List<Layer>();
        (int c, int h, int w, int offset) = (1, 28, 28, 0);
        void Add(Kind kind, int outC, int outH, int outW, int kernel = 0, int padding = 0)
        {
            var layer = new Layer(kind, c, h, w, outC, outH, outW, kernel, padding, offset);
            layers.Add(layer);
            offset = kind is Kind.Conv or Kind.Linear ? layer.Biases + outC : offset;
            (c, h, w) = (outC, outH, outW);
        }

        void Conv(int outC, int kernel, int padding)
        {
            Add(Kind.Conv, outC, h + (2 * padding) - kernel + 1, w + (2 * padding) - kernel + 1, kernel, padding);
            Add(Kind.Tanh, c, h, w);
        }

        Conv(6, 5, 2);
        Add(Kind.AvgPool, c, h / 2, w / 2, kernel: 2);
        Conv(16, 5, 0);
        Add(Kind.AvgPool, c, h / 2, w / 2, kernel: 2);
        Add(Kind.Linear, 120, 1, 1);
        Add(Kind.Tanh, c, h, w);
        Add(Kind.Linear, 84, 1, 1);
        Add(Kind.Tanh, c, h, w);
        Add(Kind.Linear, 10, 1, 1);
        _layers = [.. layers];
        _parameters = network.Parameters.ToArray();
        if (offset != _parameters.Length)
        {
            throw new InvalidOperationException($"The naive LeNet-5 has {offset} parameters, the generated one {_parameters.Length}.");
        }

        _momentum = new float[offset];
        _workers = [.. Enumerable.Range(0, threads).Select(_ => new Worker(this))];
    }

    /// <summary>The logits of image <paramref name="index"/> of <paramref name="images"/>.</summary>
    public float[] Logits(float[] images, int index) => _workers[0].Forward(images, index);

    /// <summary>The class of image <paramref name="index"/>.</summary>
    public int Predict(float[] images, int index)
    {
        float[] logits = Logits(images, index);
        return Array.IndexOf(logits, logits.Max());
    }

    /// <summary>Every image through the forward pass, the images split between the threads.</summary>
    public void Forward(float[] images) =>
        Parallel.For(0, _workers.Length, t =>
        {
            for (int n = t; n < images.Length / LeNet5.InputLength; n += _workers.Length)
            {
                _workers[t].Forward(images, n);
            }
        });

    /// <summary>One SGD-with-momentum step (lr 0.01, momentum 0.9, as the generated benchmark), the images split between the threads; returns the mean loss.</summary>
    public double TrainStep(float[] images, int[] labels)
    {
        Parallel.For(0, _workers.Length, t =>
        {
            Worker worker = _workers[t];
            Array.Clear(worker.Gradients);
            worker.Loss = 0;
            for (int n = t; n < labels.Length; n += _workers.Length)
            {
                worker.Forward(images, n);
                worker.Backward(labels[n]);
            }
        });

        double loss = 0;
        foreach (Worker worker in _workers)
        {
            loss += worker.Loss;
        }

        for (int i = 0; i < _parameters.Length; i++)
        {
            float g = 0;
            foreach (Worker worker in _workers)
            {
                g += worker.Gradients[i];
            }

            _momentum[i] = (0.9f * _momentum[i]) + (g / labels.Length);
            _parameters[i] -= 0.01f * _momentum[i];
        }

        return loss / labels.Length;
    }

    /// <summary>One thread's activations, their gradients and a parameter-gradient sum.</summary>
    private sealed class Worker(NaiveLeNet5 network)
    {
        private readonly float[][] _a = [new float[network._layers[0].InLength], .. network._layers.Select(l => new float[l.OutLength])];
        private readonly float[][] _da = [new float[network._layers[0].InLength], .. network._layers.Select(l => new float[l.OutLength])];

        public float[] Gradients { get; } = new float[network._parameters.Length];

        public double Loss { get; set; }

        public float[] Forward(float[] images, int index)
        {
            images.AsSpan(index * _a[0].Length, _a[0].Length).CopyTo(_a[0]);
            float[] p = network._parameters;
            for (int l = 0; l < network._layers.Length; l++)
            {
                Layer layer = network._layers[l];
                float[] x = _a[l], y = _a[l + 1];
                switch (layer.Kind)
                {
                    case Kind.Conv:
                        for (int co = 0; co < layer.OutC; co++)
                        for (int oy = 0; oy < layer.OutH; oy++)
                        for (int ox = 0; ox < layer.OutW; ox++)
                        {
                            float s = p[layer.Biases + co];
                            for (int ci = 0; ci < layer.InC; ci++)
                            for (int ky = 0; ky < layer.Kernel; ky++)
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                int iy = oy + ky - layer.Padding, ix = ox + kx - layer.Padding;
                                if (iy >= 0 && iy < layer.InH && ix >= 0 && ix < layer.InW)
                                {
                                    s += p[layer.Weights + (((((co * layer.InC) + ci) * layer.Kernel) + ky) * layer.Kernel) + kx] * x[(((ci * layer.InH) + iy) * layer.InW) + ix];
                                }
                            }

                            y[(((co * layer.OutH) + oy) * layer.OutW) + ox] = s;
                        }

                        break;
                    case Kind.Tanh:
                        for (int i = 0; i < y.Length; i++)
                        {
                            y[i] = MathF.Tanh(x[i]);
                        }

                        break;
                    case Kind.AvgPool:
                        for (int ch = 0; ch < layer.OutC; ch++)
                        for (int oy = 0; oy < layer.OutH; oy++)
                        for (int ox = 0; ox < layer.OutW; ox++)
                        {
                            float s = 0;
                            for (int ky = 0; ky < layer.Kernel; ky++)
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                s += x[(((ch * layer.InH) + (oy * layer.Kernel) + ky) * layer.InW) + (ox * layer.Kernel) + kx];
                            }

                            y[(((ch * layer.OutH) + oy) * layer.OutW) + ox] = s / (layer.Kernel * layer.Kernel);
                        }

                        break;
                    case Kind.Linear:
                        for (int o = 0; o < y.Length; o++)
                        {
                            float s = p[layer.Biases + o];
                            for (int i = 0; i < x.Length; i++)
                            {
                                s += p[layer.Weights + (o * x.Length) + i] * x[i];
                            }

                            y[o] = s;
                        }

                        break;
                }
            }

            return _a[^1];
        }

        /// <summary>Softmax cross-entropy of the last forward pass against <paramref name="label"/>, then the chain rule layer by layer.</summary>
        public void Backward(int label)
        {
            float[] z = _a[^1], dz = _da[^1];
            float max = z.Max(), sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                sum += MathF.Exp(z[i] - max);
            }

            for (int i = 0; i < z.Length; i++)
            {
                dz[i] = MathF.Exp(z[i] - max) / sum;
            }

            dz[label] -= 1;
            Loss += max + MathF.Log(sum) - z[label];

            float[] p = network._parameters, dp = Gradients;
            for (int l = network._layers.Length - 1; l >= 0; l--)
            {
                Layer layer = network._layers[l];
                float[] x = _a[l], y = _a[l + 1], dy = _da[l + 1], dx = _da[l];
                Array.Clear(dx);
                switch (layer.Kind)
                {
                    case Kind.Conv:
                        for (int co = 0; co < layer.OutC; co++)
                        for (int oy = 0; oy < layer.OutH; oy++)
                        for (int ox = 0; ox < layer.OutW; ox++)
                        {
                            float g = dy[(((co * layer.OutH) + oy) * layer.OutW) + ox];
                            dp[layer.Biases + co] += g;
                            for (int ci = 0; ci < layer.InC; ci++)
                            for (int ky = 0; ky < layer.Kernel; ky++)
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                int iy = oy + ky - layer.Padding, ix = ox + kx - layer.Padding;
                                if (iy >= 0 && iy < layer.InH && ix >= 0 && ix < layer.InW)
                                {
                                    int wi = layer.Weights + (((((co * layer.InC) + ci) * layer.Kernel) + ky) * layer.Kernel) + kx;
                                    int xi = (((ci * layer.InH) + iy) * layer.InW) + ix;
                                    dp[wi] += g * x[xi];
                                    dx[xi] += g * p[wi];
                                }
                            }
                        }

                        break;
                    case Kind.Tanh:
                        for (int i = 0; i < dx.Length; i++)
                        {
                            dx[i] = dy[i] * (1 - (y[i] * y[i]));
                        }

                        break;
                    case Kind.AvgPool:
                        for (int ch = 0; ch < layer.OutC; ch++)
                        for (int oy = 0; oy < layer.OutH; oy++)
                        for (int ox = 0; ox < layer.OutW; ox++)
                        {
                            float g = dy[(((ch * layer.OutH) + oy) * layer.OutW) + ox] / (layer.Kernel * layer.Kernel);
                            for (int ky = 0; ky < layer.Kernel; ky++)
                            for (int kx = 0; kx < layer.Kernel; kx++)
                            {
                                dx[(((ch * layer.InH) + (oy * layer.Kernel) + ky) * layer.InW) + (ox * layer.Kernel) + kx] += g;
                            }
                        }

                        break;
                    case Kind.Linear:
                        for (int o = 0; o < dy.Length; o++)
                        {
                            float g = dy[o];
                            dp[layer.Biases + o] += g;
                            for (int i = 0; i < x.Length; i++)
                            {
                                dp[layer.Weights + (o * x.Length) + i] += g * x[i];
                                dx[i] += g * p[layer.Weights + (o * x.Length) + i];
                            }
                        }

                        break;
                }
            }
        }
    }
}
