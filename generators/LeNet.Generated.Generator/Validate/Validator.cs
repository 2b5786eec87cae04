using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// Stage 2: infers every layer's input and output shape (input channels, flatten sizes) and checks
/// the spec as PyTorch would. Produces a location-free <see cref="NetworkModel"/> when the spec is
/// valid and located diagnostics either way. Arithmetic is in <see cref="long"/> so absurd sizes
/// become a diagnostic, never an overflow.
/// </summary>
internal static class Validator
{
    /// <summary>Upper bound on the parameter vector and on a workspace's activation array.</summary>
    public const long MaxElements = 1 << 28;

    /// <summary>
    /// Upper bound on the multiply-adds of one image's forward pass (LeNet-5 has 416,520). Beyond
    /// it a network is no longer one this generator's straight-line style suits, and training it
    /// on a CPU would take days; it is an error rather than a slow build or a hung IDE.
    /// </summary>
    public const long MaxMultiplyAdds = 50_000_000;

    /// <summary>
    /// Upper bound on layer attributes. Generated code grows with the number of layers, and the
    /// workspace's forward and backward methods call every layer, so this keeps both the build
    /// time and those methods well inside RyuJIT's optimisation limits (past them it compiles with MinOpts).
    /// </summary>
    public const int MaxLayers = 128;

    public static ValidationResult Validate(NetworkSpec spec, CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        diagnostics.AddRange(spec.Diagnostics);
        if (spec.HasCompilerErrors)
        {
            return new ValidationResult(null, diagnostics.ToEquatableArray());
        }

        if (spec.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.Type.Name));
        }

        var checker = new Checker(diagnostics);
        if (spec.Layers.Count > MaxLayers)
        {
            checker.TooBig(spec.Layers[MaxLayers].Location, "[Network]", "the number of layers", spec.Layers.Count, MaxLayers);
        }

        int channels = checker.AtLeast("[Network]", "Channels", spec.Channels ?? 1, isSet: true, 1, spec.Location);
        int height = checker.AtLeast("[Network]", "Height", spec.Height ?? 0, spec.Height.HasValue, 1, spec.Location);
        int width = checker.AtLeast("[Network]", "Width", spec.Width ?? 0, spec.Width.HasValue, 1, spec.Location);
        Shape? shape = checker.Ok ? checker.Bounded("[Network]", "the input", channels, height, width, spec.Location) : null;
        long workspace = shape?.Length ?? 0;
        long parameters = 0;
        long multiplyAdds = 0;

        var layers = ImmutableArray.CreateBuilder<Layer>();
        var names = new LayerNames();
        bool afterLinear = false;
        foreach (LayerSpec layer in spec.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = names.Next(layer.Kind);
            Layer? next = layer.Kind switch
            {
                LayerKind.Conv2d => checker.Conv2d(name, layer, shape, afterLinear),
                LayerKind.AvgPool2d or LayerKind.MaxPool2d => checker.Pool(name, layer, shape, afterLinear),
                LayerKind.Linear => checker.Linear(name, layer, shape),
                LayerKind.Tanh => Activate(Activation.Tanh, shape),
                LayerKind.ReLU => Activate(Activation.ReLU, shape),
                LayerKind.Sigmoid => Activate(Activation.Sigmoid, shape),
                _ => Activate(Activation.ScaledTanh, shape),
            };

            afterLinear |= layer.Kind == LayerKind.Linear;
            shape = next?.Output;
            if (next is null)
            {
                continue;
            }

            layers.Add(next);
            workspace += 2L * next.Output.Length;
            if (next is Conv2dLayer { Padding: > 0 } padded)
            {
                // The planner also allocates the zero-bordered copy of a padded convolution's input;
                // unbounded, a huge padding with a huge stride overflowed its int length.
                workspace += Product(padded.Input.Channels, padded.Input.Height + (2L * padded.Padding), padded.Input.Width + (2L * padded.Padding));
            }

            parameters += next switch
            {
                Conv2dLayer conv => ((long)conv.Connections * conv.Kernel * conv.Kernel) + conv.Output.Channels,
                PoolLayer { Trainable: true } pool => 2L * pool.Output.Channels,
                LinearLayer linear => ((long)linear.Input.Length + 1) * linear.Output.Length,
                _ => 0,
            };
            multiplyAdds += next switch
            {
                Conv2dLayer conv => (long)conv.Output.Plane * conv.Connections * conv.Kernel * conv.Kernel,
                LinearLayer linear => (long)linear.Input.Length * linear.Output.Length,
                _ => 0,
            };
            checker.Total(name, "the workspace", workspace, layer.Location);
            if (multiplyAdds > MaxMultiplyAdds && checker.Ok)
            {
                checker.TooBig(layer.Location, name, "the multiply-adds per image", multiplyAdds, MaxMultiplyAdds);
            }

            checker.Total(name, "the parameter vector", parameters, layer.Location);
        }

        bool valid = checker.Ok && diagnostics.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);
        NetworkModel? model = valid ? new NetworkModel(spec.Type, spec.Scalar, new Shape(channels, height, width), layers.ToEquatableArray()) : null;
        return new ValidationResult(model, diagnostics.ToEquatableArray());
    }

    /// <summary>A product of three non-negative sizes, saturating at <see cref="long.MaxValue"/> instead of wrapping.</summary>
    private static long Product(long a, long b, long c)
    {
        decimal product = (decimal)a * b * c; // exact: each factor is below 2^34, so the product fits in decimal's 96 bits
        return product > long.MaxValue ? long.MaxValue : (long)product;
    }

    private static ActivationLayer? Activate(Activation kind, Shape? shape) => shape is null ? null : new ActivationLayer(kind, shape);

    /// <summary>Checks one layer at a time, adding diagnostics; <see cref="Ok"/> turns false on the first error.</summary>
    private sealed class Checker(ImmutableArray<DiagnosticInfo>.Builder diagnostics)
    {
        public bool Ok { get; private set; } = true;

        public Conv2dLayer? Conv2d(string name, LayerSpec layer, Shape? input, bool afterLinear)
        {
            bool valid = SpatialAllowed(name, layer, afterLinear);
            int outChannels = AtLeast(name, "OutChannels", layer.Size ?? 0, layer.Size.HasValue, 1, layer.Location);
            int kernel = AtLeast(name, "KernelSize", layer.KernelSize ?? 0, layer.KernelSize.HasValue, 1, layer.Location);
            int stride = AtLeast(name, "Stride", layer.Stride ?? 1, isSet: true, 1, layer.Location);
            int padding = AtLeast(name, "Padding", layer.Padding ?? 0, isSet: true, 0, layer.Location);
            valid &= outChannels > 0 && kernel > 0 && stride > 0 && padding >= 0;
            if (!valid || input is null
                || Window(name, input, kernel, stride, padding, layer.Location) is not (long height, long width))
            {
                return null;
            }

            Shape? output = Bounded(name, "its output", outChannels, height, width, layer.Location);
            EquatableArray<EquatableArray<int>> connections = EquatableArray<EquatableArray<int>>.Empty;
            if (layer.Connections is not null)
            {
                string? problem = ConnectionTable.TryParse(layer.Connections, outChannels, input.Channels, out connections);
                if (problem is not null)
                {
                    Error(DiagnosticDescriptors.InvalidConnectionTable, layer.Location, name, problem, outChannels, input.Channels - 1);
                    return null;
                }
            }

            return output is null ? null : new Conv2dLayer(input, output, kernel, stride, padding, connections);
        }

        public PoolLayer? Pool(string name, LayerSpec layer, Shape? input, bool afterLinear)
        {
            bool valid = SpatialAllowed(name, layer, afterLinear);
            int kernel = AtLeast(name, "KernelSize", layer.KernelSize ?? 0, isSet: true, 1, layer.Location);
            int stride = AtLeast(name, "Stride", layer.Stride ?? kernel, isSet: true, 1, layer.Location);
            valid &= kernel > 0 && stride > 0;
            if (!valid || input is null
                || Window(name, input, kernel, stride, padding: 0, layer.Location) is not (long height, long width))
            {
                return null;
            }

            return new PoolLayer(layer.Kind == LayerKind.MaxPool2d, input, new Shape(input.Channels, (int)height, (int)width), kernel, stride, layer.Trainable);
        }

        public LinearLayer? Linear(string name, LayerSpec layer, Shape? input)
        {
            int outFeatures = AtLeast(name, "OutFeatures", layer.Size ?? 0, layer.Size.HasValue, 1, layer.Location);
            return outFeatures > 0 && input is not null ? new LinearLayer(input, new Shape(outFeatures, 1, 1)) : null;
        }

        public int AtLeast(string owner, string argument, int value, bool isSet, int minimum, LocationInfo? location)
        {
            if (value >= minimum)
            {
                return value;
            }

            Error(DiagnosticDescriptors.SizeOutOfRange, location, owner, argument, minimum, isSet ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "not set");
            return -1;
        }

        public Shape? Bounded(string owner, string what, long channels, long height, long width, LocationInfo? location)
        {
            // Saturating: up to int.MaxValue channels of 2^32 x 2^32 outputs wraps a long around to a plausible size.
            long length = Product(channels, height, width);
            if (length > MaxElements)
            {
                Error(DiagnosticDescriptors.TooLarge, location, owner, what, length, MaxElements);
                return null;
            }

            return new Shape((int)channels, (int)height, (int)width);
        }

        public void Total(string owner, string what, long total, LocationInfo? location)
        {
            if ((total > MaxElements || total < 0) && Ok)
            {
                Error(DiagnosticDescriptors.TooLarge, location, owner, what, total, MaxElements);
            }
        }

        public void TooBig(LocationInfo? location, string owner, string what, long value, long limit) =>
            Error(DiagnosticDescriptors.TooLargeToEmit, location, owner, what, value, limit);

        private bool SpatialAllowed(string name, LayerSpec layer, bool afterLinear)
        {
            if (afterLinear)
            {
                Error(DiagnosticDescriptors.SpatialAfterLinear, layer.Location, name);
            }

            return !afterLinear;
        }

        /// <summary>Output height and width of a window sliding over the (padded) input, floored as PyTorch does.</summary>
        private (long Height, long Width)? Window(string name, Shape input, int kernel, int stride, int padding, LocationInfo? location)
        {
            long paddedHeight = input.Height + (2L * padding);
            long paddedWidth = input.Width + (2L * padding);
            if (kernel > paddedHeight || kernel > paddedWidth)
            {
                string padded = padding == 0 ? string.Empty : $" (padded by {padding} to {paddedHeight}x{paddedWidth})";
                Error(DiagnosticDescriptors.WindowTooLarge, location, name, kernel, input.Height, input.Width, padded, Math.Min(paddedHeight, paddedWidth));
                return null;
            }

            // Rows and columns past the last window are dropped; only those beyond the padding lose input.
            long droppedRows = Math.Max(0, ((paddedHeight - kernel) % stride) - padding);
            long droppedColumns = Math.Max(0, ((paddedWidth - kernel) % stride) - padding);
            long height = ((paddedHeight - kernel) / stride) + 1;
            long width = ((paddedWidth - kernel) / stride) + 1;
            if (droppedRows > 0 || droppedColumns > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputNotCovered, location, name, droppedRows, droppedColumns, input.Height, input.Width, height, width));
            }

            return (height, width);
        }

        private void Error(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
            Ok = false;
        }
    }
}
