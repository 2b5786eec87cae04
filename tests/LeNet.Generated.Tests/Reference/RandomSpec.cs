using System.Text;

namespace LeNet.Generated.Tests.Reference;

/// <summary>A random valid network: its declaration as attributes and the same layers for <see cref="NaiveNetwork"/>.</summary>
public sealed record RandomSpec(string Name, int Channels, int Height, int Width, IReadOnlyList<NaiveLayer> Layers)
{
    private static readonly string[] Activations = ["Tanh", "ReLU", "Sigmoid"];

    /// <summary>Draws a spec inside the vocabulary: any order of convolutions and pools with any stride, padding and window that fits, then linear layers, activations anywhere.</summary>
    public static RandomSpec Draw(Random random, string name)
    {
        int channels = random.Next(1, 4), height = random.Next(3, 13), width = random.Next(3, 13);
        var layers = new List<NaiveLayer>();
        void MaybeActivate(int percent)
        {
            while (random.Next(100) < percent)
            {
                layers.Add(new NaiveActivation(Activations[random.Next(3)]));
                percent /= 4;
            }
        }

        MaybeActivate(15);
        (int h, int w) = (height, width);
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            if (random.Next(10) < 6)
            {
                int padding = random.Next(0, 3);
                int kernel = random.Next(1, Math.Min(h, w) + (2 * padding) + 1);
                int stride = random.Next(1, 4);
                layers.Add(new NaiveConv(random.Next(1, 5), kernel, stride, padding));
                (h, w) = (((h + (2 * padding) - kernel) / stride) + 1, ((w + (2 * padding) - kernel) / stride) + 1);
            }
            else
            {
                int kernel = random.Next(1, Math.Min(h, w) + 1);
                int stride = random.Next(1, kernel + 2);
                layers.Add(new NaivePool(random.Next(2) == 0, kernel, stride));
                (h, w) = (((h - kernel) / stride) + 1, ((w - kernel) / stride) + 1);
            }

            MaybeActivate(50);
        }

        for (int i = random.Next(0, 3); i > 0; i--)
        {
            layers.Add(new NaiveLinear(random.Next(1, 9)));
            MaybeActivate(60);
        }

        layers.Add(new NaiveLinear(random.Next(2, 6)));
        MaybeActivate(15);
        return new RandomSpec(name, channels, height, width, layers);
    }

    /// <summary>The declaration, one attribute per layer, in double precision.</summary>
    public string Declaration()
    {
        var text = new StringBuilder();
        text.AppendLine($"[Network(Channels = {Channels}, Height = {Height}, Width = {Width}, ElementType = typeof(double))]");
        foreach (NaiveLayer layer in Layers)
        {
            text.AppendLine(layer switch
            {
                NaiveConv c => $"[Conv2d({c.OutChannels}, KernelSize = {c.Kernel}, Stride = {c.Stride}, Padding = {c.Padding})]",
                NaivePool { IsMax: true } p => $"[MaxPool2d({p.Kernel}, Stride = {p.Stride})]",
                NaivePool p => $"[AvgPool2d({p.Kernel}, Stride = {p.Stride})]",
                NaiveLinear l => $"[Linear({l.OutFeatures})]",
                NaiveActivation a => $"[{a.Kind}]",
                _ => throw new NotSupportedException(),
            });
        }

        text.AppendLine($"public sealed partial class {Name};");
        return text.ToString();
    }
}
