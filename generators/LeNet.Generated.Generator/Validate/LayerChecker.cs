using System;
using System.Collections.Immutable;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// Checks one layer at a time, adding diagnostics; <see cref="Ok"/> turns false on the first error.
/// Messages about an inferred shape start with <see cref="Trace"/> up to the layer at fault.
/// </summary>
internal sealed class LayerChecker(ImmutableArray<DiagnosticInfo>.Builder diagnostics)
{
    public bool Ok { get; private set; } = true;

    /// <summary>The shapes inferred so far; the validator adds each layer's output once it is checked.</summary>
    public ShapeTrace Trace { get; set; } = new(null);

    /// <param name="flatBy">The Linear or Flatten before this layer ("the Linear layer fc1", "flatten1"), or null.</param>
    public Conv2dLayer? Conv2d(string name, LayerSpec layer, Shape? input, string? flatBy)
    {
        bool valid = SpatialAllowed(name, layer, flatBy);
        int outChannels = AtLeast(name, "OutChannels", layer.Size ?? 0, layer.Size.HasValue, 1, layer.Location);
        int kernel = AtLeast(name, "KernelSize", layer.KernelSize ?? 0, layer.KernelSize.HasValue, 1, layer.Location);
        int stride = AtLeast(name, "Stride", layer.Stride ?? 1, isSet: true, 1, layer.Location);
        int padding = AtLeast(name, "Padding", layer.Padding ?? 0, isSet: true, 0, layer.Location);
        valid &= outChannels > 0 && kernel > 0 && stride > 0 && padding >= 0;
        if (!valid || input is null)
        {
            return null;
        }

        if (layer.InSize is { } given && given != input.Channels)
        {
            Error(DiagnosticDescriptors.InputSizeMismatch, layer.Location, Trace.To(name), $"Conv2d({given}, {outChannels}, {kernel})", given, given == 1 ? "channel" : "channels", $"{input}, {input.Channels} channels", input.Channels);
        }

        if (Window(name, input, kernel, stride, padding, layer.Location) is not (long height, long width))
        {
            return null;
        }

        Shape? output = Bounded(Trace.To(name), "its output", outChannels, height, width, layer.Location);
        EquatableArray<EquatableArray<int>> connections = EquatableArray<EquatableArray<int>>.Empty;
        if (layer.Connections is not null)
        {
            string? problem = ConnectionTable.TryParse(layer.Connections, outChannels, input.Channels, out connections);
            if (problem is not null)
            {
                Error(DiagnosticDescriptors.InvalidConnectionTable, layer.Location, Trace.To(name), problem, outChannels, input.Channels - 1);
                return null;
            }
        }

        return output is null ? null : new Conv2dLayer(input, output, kernel, stride, padding, connections);
    }

    public PoolLayer? Pool(string name, LayerSpec layer, Shape? input, string? flatBy)
    {
        bool valid = SpatialAllowed(name, layer, flatBy);
        int kernel = AtLeast(name, "KernelSize", layer.KernelSize ?? 0, isSet: true, 1, layer.Location);
        int stride = AtLeast(name, "Stride", layer.Stride ?? kernel, isSet: true, 1, layer.Location);
        int padding = AtLeast(name, "Padding", layer.Padding ?? 0, isSet: true, 0, layer.Location);
        valid &= kernel > 0 && stride > 0 && padding >= 0;
        if (valid && padding > kernel / 2)
        {
            // PyTorch's own check: a wider border would let a window hold nothing but padding.
            Error(DiagnosticDescriptors.PoolPaddingTooLarge, layer.Location, name, layer.Kind, padding, kernel, kernel / 2);
            valid = false;
        }

        if (!valid || input is null
            || Window(name, input, kernel, stride, padding, layer.Location) is not (long height, long width))
        {
            return null;
        }

        return new PoolLayer(layer.Kind == LayerKind.MaxPool2d, input, new Shape(input.Channels, (int)height, (int)width), kernel, stride, layer.Trainable, padding, layer.CountIncludePad);
    }

    /// <summary><c>AdaptiveAvgPool2d(1)</c>; any other output size is an error, as only global average pooling is supported.</summary>
    public GlobalAvgPoolLayer? GlobalAvgPool(string name, LayerSpec layer, Shape? input, string? flatBy)
    {
        bool valid = SpatialAllowed(name, layer, flatBy);
        if (layer.Size != 1)
        {
            Error(DiagnosticDescriptors.AdaptiveOutputSize, layer.Location, name, layer.Size ?? 0);
            return null;
        }

        return valid && input is not null ? new GlobalAvgPoolLayer(input, new Shape(input.Channels, 1, 1)) : null;
    }

    /// <param name="afterFlatten">A <c>[Flatten]</c> is declared before this layer, for the summary.</param>
    public LinearLayer? Linear(string name, LayerSpec layer, Shape? input, bool afterFlatten)
    {
        int outFeatures = AtLeast(name, "OutFeatures", layer.Size ?? 0, layer.Size.HasValue, 1, layer.Location);
        if (outFeatures <= 0 || input is null)
        {
            return null;
        }

        if (layer.InSize is { } given && given != input.Length)
        {
            string actual = input.IsFlat ? $"{input.Length} features" : $"{input} = {input.Length} features";
            Error(DiagnosticDescriptors.InputSizeMismatch, layer.Location, Trace.To(name), $"Linear({given}, {outFeatures})", given, given == 1 ? "feature" : "features", actual, input.Length);
        }

        return new LinearLayer(input, new Shape(outFeatures, 1, 1), afterFlatten);
    }

    /// <summary>LeakyReLU with its slope, 0.01 unless set; a slope that is not finite, or negative, is an error.</summary>
    public ActivationLayer? LeakyReLU(string name, LayerSpec layer, Shape? input)
    {
        double slope = layer.NegativeSlope ?? 0.01;
        if (double.IsNaN(slope) || double.IsInfinity(slope) || slope < 0)
        {
            Error(DiagnosticDescriptors.InvalidNegativeSlope, layer.Location, name, slope.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }

        return input is null ? null : new ActivationLayer(Activation.LeakyReLU(slope), input);
    }

    /// <summary>A Flatten changes no number; one whose input is already flat does nothing at all.</summary>
    public void Flatten(string name, LayerSpec layer, string? flatBy)
    {
        if (flatBy is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FlattenWithoutEffect, layer.Location, name, flatBy));
        }
    }

    /// <summary>Dropout's p must be a probability PyTorch accepts and that leaves something to rescale: [0, 1).</summary>
    public DropoutLayer? Dropout(string name, LayerSpec layer, Shape? input)
    {
        double p = layer.Probability ?? 0.5;
        if (!(p >= 0 && p < 1))
        {
            Error(DiagnosticDescriptors.DropoutProbability, layer.Location, name, p.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }

        return input is null ? null : new DropoutLayer(p, input);
    }

    /// <summary>
    /// BatchNorm2d over a C×H×W input (before any Linear or Flatten), BatchNorm1d over a flat one (after); a given
    /// number of features must be the inferred one; eps must be positive and momentum in [0, 1].
    /// </summary>
    public BatchNormLayer? BatchNorm(string name, LayerSpec layer, Shape? input, string? flatBy)
    {
        bool spatial = layer.Kind == LayerKind.BatchNorm2d;
        double eps = layer.Eps ?? 1e-5, momentum = layer.Momentum ?? 0.1;
        if (!(eps > 0 && !double.IsInfinity(eps)) || !(momentum >= 0 && momentum <= 1))
        {
            Error(DiagnosticDescriptors.BatchNormArgument, layer.Location, name, layer.Kind, Number(eps), Number(momentum));
            return null;
        }

        if (input is null)
        {
            return null;
        }

        if (spatial && flatBy is not null)
        {
            Error(DiagnosticDescriptors.BatchNormInput, layer.Location, Trace.To(name), layer.Kind, "a CxHxW feature map", $"a flat vector of {input.Length} features (after {flatBy})", "place it before the first Linear or Flatten, or use BatchNorm1d");
            return null;
        }

        if (!spatial && flatBy is null)
        {
            Error(DiagnosticDescriptors.BatchNormInput, layer.Location, Trace.To(name), layer.Kind, "a flat vector of features", $"a {input} feature map", "place it after a Linear or Flatten, or use BatchNorm2d");
            return null;
        }

        var norm = new BatchNormLayer(input, spatial, eps, momentum, layer.Affine);
        if (layer.InSize is { } given && given != norm.Channels)
        {
            string unit = spatial ? "channel" : "feature";
            string actual = spatial ? $"{input}, {input.Channels} channels" : input.IsFlat ? $"{input.Length} features" : $"{input} = {input.Length} features";
            Error(DiagnosticDescriptors.InputSizeMismatch, layer.Location, Trace.To(name), $"{layer.Kind}({given})", given, given == 1 ? unit : unit + "s", actual, norm.Channels);
            return null;
        }

        return norm;
    }

    private static string Number(double value) => double.IsNaN(value) ? "NaN" : Emit.Literal.Python(value);

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
        long length = Validator.Product(channels, height, width);
        if (length > Validator.MaxElements)
        {
            Error(DiagnosticDescriptors.TooLarge, location, owner, what, length, Validator.MaxElements);
            return null;
        }

        return new Shape((int)channels, (int)height, (int)width);
    }

    public void Total(string owner, string what, long total, LocationInfo? location)
    {
        if ((total > Validator.MaxElements || total < 0) && Ok)
        {
            Error(DiagnosticDescriptors.TooLarge, location, owner, what, total, Validator.MaxElements);
        }
    }

    public void TooBig(LocationInfo? location, string owner, string what, long value, long limit) =>
        Error(DiagnosticDescriptors.TooLargeToEmit, location, owner, what, value, limit);

    private bool SpatialAllowed(string name, LayerSpec layer, string? flatBy)
    {
        if (flatBy is not null)
        {
            Error(DiagnosticDescriptors.SpatialAfterLinear, layer.Location, name, flatBy);
        }

        return flatBy is null;
    }

    /// <summary>Output height and width of a window sliding over the (padded) input, floored as PyTorch does.</summary>
    private (long Height, long Width)? Window(string name, Shape input, int kernel, int stride, int padding, LocationInfo? location)
    {
        long paddedHeight = input.Height + (2L * padding);
        long paddedWidth = input.Width + (2L * padding);
        if (kernel > paddedHeight || kernel > paddedWidth)
        {
            string padded = padding == 0 ? string.Empty : $" (padded by {padding} to {paddedHeight}x{paddedWidth})";
            Error(DiagnosticDescriptors.WindowTooLarge, location, Trace.To(name), kernel, input.Height, input.Width, padded, Math.Min(paddedHeight, paddedWidth));
            return null;
        }

        // Rows and columns past the last window are dropped; only those beyond the padding lose input.
        long droppedRows = Math.Max(0, ((paddedHeight - kernel) % stride) - padding);
        long droppedColumns = Math.Max(0, ((paddedWidth - kernel) % stride) - padding);
        long height = ((paddedHeight - kernel) / stride) + 1;
        long width = ((paddedWidth - kernel) / stride) + 1;
        if (droppedRows > 0 || droppedColumns > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputNotCovered, location, Trace.To(name), droppedRows, droppedColumns, input.Height, input.Width, height, width));
        }

        return (height, width);
    }

    private void Error(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
    {
        diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
        Ok = false;
    }
}
