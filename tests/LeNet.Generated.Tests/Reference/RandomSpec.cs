using System.Text;

namespace LeNet.Generated.Tests.Reference;

/// <summary>A random valid network: its declaration as attributes and the same layers for <see cref="NaiveNetwork"/>.</summary>
/// <param name="Spelling">
/// Bits choosing, layer by layer, PyTorch's positional spelling (<c>Conv2d(in, out, k, s, p)</c>, <c>Linear(in, out)</c>,
/// <c>MaxPool2d(k, s)</c>) over the inferred one, and whether a <c>[Flatten]</c> comes before the first Linear.
/// </param>
public sealed record RandomSpec(string Name, int Channels, int Height, int Width, IReadOnlyList<NaiveLayer> Layers, int Spelling = 0)
{
    private static readonly string[] Activations = ["Tanh", "ReLU", "Sigmoid", "ScaledTanh", "LeakyReLU"];
    private static readonly double[] DropoutProbabilities = [0, 0.2, 0.5, 0.75];

    /// <summary>LeakyReLU's slopes: the default, a common one, none (ReLU's function) and one steeper than the identity.</summary>
    private static readonly double[] Slopes = [0.01, 0.2, 0, 1.5];

    /// <summary>Draws a spec inside the vocabulary: any order of convolutions and pools with any stride, padding and window that fits, then linear layers, activations anywhere.</summary>
    public static RandomSpec Draw(Random random, string name)
    {
        int channels = random.Next(1, 4), height = random.Next(3, 13), width = random.Next(3, 13);
        var layers = new List<NaiveLayer>();
        void MaybeActivate(int percent)
        {
            while (random.Next(100) < percent)
            {
                string kind = Activations[random.Next(Activations.Length)];
                layers.Add(new NaiveActivation(kind, kind == "LeakyReLU" ? Slopes[random.Next(Slopes.Length)] : 0.01));
                percent /= 4;
            }
        }

        // Dropout anywhere but after the last Linear (LENET041), an activation after it kept apart.
        void MaybeDrop(int percent)
        {
            if (random.Next(100) < percent)
            {
                layers.Add(new NaiveDropout(DropoutProbabilities[random.Next(DropoutProbabilities.Length)]));
                MaybeActivate(30);
            }
        }

        // A batch norm after a convolution or a hidden Linear, sometimes without γ and β or with another eps.
        void MaybeNormalise(bool flat)
        {
            if (random.Next(100) < 20)
            {
                layers.Add(new NaiveBatchNorm(flat, Affine: random.Next(4) != 0, Eps: random.Next(3) == 0 ? 1e-3 : 1e-5));
            }
        }

        MaybeActivate(15);
        MaybeDrop(10);
        (int c, int h, int w) = (channels, height, width);
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            if (random.Next(10) < 6)
            {
                int padding = random.Next(0, 3);
                int kernel = random.Next(1, Math.Min(h, w) + (2 * padding) + 1);
                int stride = random.Next(1, 4);
                int outChannels = random.Next(1, 5);
                int[][]? table = c > 1 && random.Next(3) == 0 ? RandomTable(random, outChannels, c) : null;
                layers.Add(new NaiveConv(outChannels, kernel, stride, padding, table));
                (c, h, w) = (outChannels, ((h + (2 * padding) - kernel) / stride) + 1, ((w + (2 * padding) - kernel) / stride) + 1);
                MaybeNormalise(flat: false);
            }
            else
            {
                int kernel = random.Next(1, Math.Min(h, w) + 1);
                int stride = random.Next(1, kernel + 2);
                bool max = random.Next(2) == 0;
                int padding = random.Next(3) == 0 ? random.Next(0, (kernel / 2) + 1) : 0; // PyTorch allows at most half the window
                var pool = new NaivePool(max, kernel, stride, Trainable: !max && random.Next(2) == 0, padding, CountIncludePad: random.Next(2) == 0);
                layers.Add(pool);
                (h, w) = (pool.OutputSize(h), pool.OutputSize(w));
            }

            MaybeActivate(50);
            MaybeDrop(20);
        }

        if (random.Next(5) == 0)
        {
            layers.Add(new NaiveGlobalAvgPool());
            MaybeActivate(30);
        }

        for (int i = random.Next(0, 3); i > 0; i--)
        {
            layers.Add(new NaiveLinear(random.Next(1, 9)));
            MaybeNormalise(flat: true);
            MaybeActivate(60);
            MaybeDrop(25);
        }

        layers.Add(new NaiveLinear(random.Next(2, 6)));
        MaybeActivate(15);
        return new RandomSpec(name, channels, height, width, layers, random.Next());
    }

    /// <summary>For each output channel a non-empty random subset of the input channels, in random order.</summary>
    private static int[][] RandomTable(Random random, int outChannels, int inChannels) =>
        Enumerable.Range(0, outChannels)
            .Select(_ => Enumerable.Range(0, inChannels).OrderBy(_ => random.Next()).Take(random.Next(1, inChannels + 1)).ToArray())
            .ToArray();

    /// <summary>The declaration, one attribute per layer, in double precision, each layer in the spelling <see cref="Spelling"/> picks.</summary>
    public string Declaration()
    {
        var text = new StringBuilder();
        text.AppendLine($"[Network(Channels = {Channels}, Height = {Height}, Width = {Width}, ElementType = typeof(double))]");
        (int c, int h, int w) = (Channels, Height, Width);
        bool flat = false;
        for (int i = 0; i < Layers.Count; i++)
        {
            bool positional = ((Spelling >> (i % 30)) & 1) == 1;
            if (Layers[i] is NaiveLinear && !flat && (Spelling & (1 << 30)) != 0)
            {
                text.AppendLine("[Flatten]");
            }

            text.AppendLine(Layers[i] switch
            {
                NaiveConv conv => Conv(conv, c, positional),
                NaivePool { IsMax: true } p => Pool("MaxPool2d", p, positional) + ")]",
                NaivePool p => Pool("AvgPool2d", p, positional) + (p.Trainable ? ", Trainable = true" : string.Empty) + (p.CountIncludePad ? string.Empty : ", CountIncludePad = false") + ")]",
                NaiveGlobalAvgPool => "[AdaptiveAvgPool2d(1)]",
                NaiveLinear l => positional ? $"[Linear({c * h * w}, {l.OutFeatures})]" : $"[Linear({l.OutFeatures})]",
                NaiveActivation { Kind: "LeakyReLU", Slope: not 0.01 } a => positional ? $"[LeakyReLU({Number(a.Slope)})]" : $"[LeakyReLU(NegativeSlope = {Number(a.Slope)})]",
                NaiveActivation a => $"[{a.Kind}]",
                NaiveDropout d => $"[Dropout({d.P.ToString(System.Globalization.CultureInfo.InvariantCulture)})]",
                NaiveBatchNorm b => $"[BatchNorm{(b.Flat ? "1d" : "2d")}" + (positional ? $"({c}" : "(") + (b.Affine ? string.Empty : $"{(positional ? ", " : string.Empty)}Affine = false") + (b.Eps == 1e-5 ? string.Empty : $"{(positional || !b.Affine ? ", " : string.Empty)}Eps = {Number(b.Eps)}") + ")]",
                _ => throw new NotSupportedException(),
            });
            (c, h, w, flat) = Layers[i] switch
            {
                NaiveConv conv => (conv.OutChannels, ((h + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, ((w + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, false),
                NaivePool p => (c, p.OutputSize(h), p.OutputSize(w), false),
                NaiveGlobalAvgPool => (c, 1, 1, false),
                NaiveLinear l => (l.OutFeatures, 1, 1, true),
                _ => (c, h, w, flat),
            };
        }

        text.AppendLine($"public sealed partial class {Name};");
        return text.ToString();
    }

    /// <summary>A pool's window, stride and padding (if any), up to its closing parenthesis.</summary>
    private static string Pool(string name, NaivePool p, bool positional) => positional
        ? $"[{name}({p.Kernel}, {p.Stride}" + (p.Padding > 0 ? $", {p.Padding}" : string.Empty)
        : $"[{name}({p.Kernel}, Stride = {p.Stride}" + (p.Padding > 0 ? $", Padding = {p.Padding}" : string.Empty);

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Conv(NaiveConv conv, int inChannels, bool positional)
    {
        string table = conv.Table is null ? string.Empty : $", Connections = \"{string.Join("; ", conv.Table.Select(row => string.Join(",", row)))}\"";
        return positional
            ? $"[Conv2d({inChannels}, {conv.OutChannels}, {conv.Kernel}, {conv.Stride}, {conv.Padding}{table})]"
            : $"[Conv2d({conv.OutChannels}, KernelSize = {conv.Kernel}, Stride = {conv.Stride}, Padding = {conv.Padding}{table})]";
    }
}
