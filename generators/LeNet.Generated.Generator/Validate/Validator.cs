using System.Collections.Generic;
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

        if (spec.Layers.All(l => l.Kind == LayerKind.Flatten))
        {
            // A Flatten alone computes nothing: there is no layer to generate.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.Type.Name));
        }

        var checker = new LayerChecker(diagnostics);
        if (spec.Layers.Count > MaxLayers)
        {
            checker.TooBig(spec.Layers[MaxLayers].Location, "[Network]", "the number of layers", spec.Layers.Count, MaxLayers);
        }

        int channels = checker.AtLeast("[Network]", "Channels", spec.Channels ?? 1, isSet: true, 1, spec.Location);
        int height = checker.AtLeast("[Network]", "Height", spec.Height ?? 0, spec.Height.HasValue, 1, spec.Location);
        int width = checker.AtLeast("[Network]", "Width", spec.Width ?? 0, spec.Width.HasValue, 1, spec.Location);
        Shape? shape = checker.Ok ? checker.Bounded("[Network]", "the input", channels, height, width, spec.Location) : null;
        checker.Trace = new ShapeTrace(shape);
        long workspace = shape?.Length ?? 0;
        long parameters = 0;
        long multiplyAdds = 0;

        var layers = ImmutableArray.CreateBuilder<Layer>();
        var steps = new List<LayerStep>();
        var names = new LayerNames();
        string? flatBy = null; // what made the features a flat vector: "the Linear layer fc1" or "flatten1"
        bool flattened = false; // a Flatten waits for the next Linear
        foreach (LayerSpec layer in spec.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = names.Next(layer.Kind);
            string where = checker.Trace.To(name);
            if (layer.Kind == LayerKind.Flatten)
            {
                // No layer of its own: a Linear flattens its input anyway; the shape stays C×H×W for the layers after it.
                checker.Flatten(name, layer, flatBy);
                steps.Add(new LayerStep(layer, name, where, shape is null ? null : new Shape(shape.Length, 1, 1)));
                if (shape is not null)
                {
                    checker.Trace.Add(name, new Shape(shape.Length, 1, 1));
                }

                flatBy ??= name;
                flattened = true;
                continue;
            }

            Layer? next = layer.Kind switch
            {
                LayerKind.Conv2d => checker.Conv2d(name, layer, shape, flatBy),
                LayerKind.AvgPool2d or LayerKind.MaxPool2d => checker.Pool(name, layer, shape, flatBy),
                LayerKind.AdaptiveAvgPool2d => checker.GlobalAvgPool(name, layer, shape, flatBy),
                LayerKind.Linear => checker.Linear(name, layer, shape, flattened),
                LayerKind.Tanh => Activate(Activation.Tanh, shape),
                LayerKind.ReLU => Activate(Activation.ReLU, shape),
                LayerKind.Sigmoid => Activate(Activation.Sigmoid, shape),
                LayerKind.Dropout => checker.Dropout(name, layer, shape),
                LayerKind.BatchNorm2d or LayerKind.BatchNorm1d => checker.BatchNorm(name, layer, shape, flatBy),
                LayerKind.LeakyReLU => checker.LeakyReLU(name, layer, shape),
                _ => Activate(Activation.ScaledTanh, shape),
            };

            if (layer.Kind == LayerKind.Linear)
            {
                flatBy = "the Linear layer " + name;
                flattened = false;
            }

            shape = next?.Output;
            steps.Add(new LayerStep(layer, name, where, shape));
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
            else if (next is PoolLayer { Padding: > 0 } pool)
            {
                workspace += Product(pool.Input.Channels, pool.Input.Height + (2L * pool.Padding), pool.Input.Width + (2L * pool.Padding));
            }

            parameters += next switch
            {
                Conv2dLayer conv => ((long)conv.Connections * conv.Kernel * conv.Kernel) + conv.Output.Channels,
                PoolLayer { Trainable: true } pool => 2L * pool.Output.Channels,
                BatchNormLayer { Affine: true } norm => 2L * norm.Channels,
                LinearLayer linear => ((long)linear.Input.Length + 1) * linear.Output.Length,
                _ => 0,
            };
            multiplyAdds += next switch
            {
                Conv2dLayer conv => (long)conv.Output.Plane * conv.Connections * conv.Kernel * conv.Kernel,
                LinearLayer linear => (long)linear.Input.Length * linear.Output.Length,
                _ => 0,
            };
            checker.Total(where, "the workspace", workspace, layer.Location);
            if (multiplyAdds > MaxMultiplyAdds && checker.Ok)
            {
                checker.TooBig(layer.Location, where, "the multiply-adds per image", multiplyAdds, MaxMultiplyAdds);
            }

            checker.Total(where, "the parameter vector", parameters, layer.Location);
            if (next is not (ActivationLayer or DropoutLayer or BatchNormLayer))
            {
                checker.Trace.Add(name, next.Output);
            }
        }

        bool valid = checker.Ok && diagnostics.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);
        if (!valid)
        {
            return new ValidationResult(null, diagnostics.ToEquatableArray());
        }

        var input = new Shape(channels, height, width);
        OutputChecks.Check(input, steps, spec.Loss, diagnostics);
        return new ValidationResult(new NetworkModel(spec.Type, spec.Scalar, input, layers.ToEquatableArray(), spec.Loss), diagnostics.ToEquatableArray());
    }

    /// <summary>A product of three non-negative sizes, saturating at <see cref="long.MaxValue"/> instead of wrapping.</summary>
    public static long Product(long a, long b, long c)
    {
        decimal product = (decimal)a * b * c; // exact: each factor is below 2^34, so the product fits in decimal's 96 bits
        return product > long.MaxValue ? long.MaxValue : (long)product;
    }

    private static ActivationLayer? Activate(Activation kind, Shape? shape) => shape is null ? null : new ActivationLayer(kind, shape);
}
