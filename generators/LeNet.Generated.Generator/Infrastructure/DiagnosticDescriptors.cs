using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator.Infrastructure;

/// <summary>
/// Every diagnostic the generator reports. Messages say what is wrong and what is expected; each links to
/// its section of docs/diagnostics.md. A message about an inferred shape starts with the shapes from the input to that layer.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "LeNet.Generated";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "LENET001",
        "Network type must be partial",
        "'{0}' must be declared partial so the generator can add the network to it{1}");

    public static readonly DiagnosticDescriptor Generic = Error(
        "LENET002",
        "Network type must not be generic",
        "'{0}' is generic{1}; a network's shapes are literals, so declare it on a non-generic class");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "LENET003",
        "Network has no layers",
        "'{0}' declares no layers; stack layer attributes after [Network], e.g. [Conv2d(6, KernelSize = 5)], [AvgPool2d(2)], [Linear(10)]");

    public static readonly DiagnosticDescriptor LayersSplit = Error(
        "LENET004",
        "Layers split over partial declarations",
        "'{0}' has layer attributes on more than one partial declaration, so their order is ambiguous; declare all layers on one declaration");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error(
        "LENET005",
        "Size out of range",
        "{0}: {1} must be at least {2}, but is {3}");

    public static readonly DiagnosticDescriptor WindowTooLarge = Error(
        "LENET006",
        "Window larger than its input",
        "{0}: the {1}x{1} window does not fit its {2}x{3} input{4}; expected a window of at most {5}x{5}");

    public static readonly DiagnosticDescriptor SpatialAfterLinear = Error(
        "LENET007",
        "Convolution or pool after Linear or Flatten",
        "{0} follows {1}, whose output is a flat vector; convolutions and pools must come before the first Linear or Flatten");

    public static readonly DiagnosticDescriptor NotInstantiable = Error(
        "LENET008",
        "Network type must be a non-static, non-abstract class",
        "'{0}' is {1}; the generator adds constructors and instance members, so declare it as a non-static, non-abstract class");

    public static readonly DiagnosticDescriptor UnsupportedElementType = Error(
        "LENET009",
        "Unsupported element type",
        "ElementType must be typeof(float) or typeof(double), but is '{0}'");

    public static readonly DiagnosticDescriptor TooLarge = Error(
        "LENET010",
        "Network too large",
        "{0}: {1} would have {2} elements; each buffer and the parameter vector must stay at or below {3} elements");

    public static readonly DiagnosticDescriptor TooLargeToEmit = Error(
        "LENET012",
        "Network too large to emit",
        "{0}: {1} would be {2}; a generated network is limited to {3} so that its build time and its code stay bounded. Use fewer or smaller layers, a larger stride or pooling.");

    public static readonly DiagnosticDescriptor InputNotCovered = Warning(
        "LENET011",
        "Window does not cover its input",
        "{0}: the last {1} row(s) and {2} column(s) of its {3}x{4} input are never read; as in PyTorch the output size is rounded down to {5}x{6}. Choose a kernel, stride or padding that covers the input if this is not intended.");

    public static readonly DiagnosticDescriptor InvalidConnectionTable = Error(
        "LENET013",
        "Invalid connection table",
        "{0}: the connection table {1}; expected {2} groups of input channels separated by ';', one per output channel, each a ','-separated list of distinct channels from 0 to {3}");

    public static readonly DiagnosticDescriptor LayersWithoutNetwork = Error(
        "LENET014",
        "Layer attributes without [Network]",
        "'{0}' has layer attributes but no [Network], so nothing is generated for it; add [Network(Channels = …, Height = …, Width = …)] with its input shape before the layers");

    public static readonly DiagnosticDescriptor InputSizeMismatch = Error(
        "LENET015",
        "Given input size differs from the inferred one",
        "{0}: {1} is given {2} input {3}, but its input is {4}; expected {5}");

    public static readonly DiagnosticDescriptor SingleOutput = Warning(
        "LENET016",
        "Network has one output",
        "{0}: the network's last layer has 1 output, so softmax cross-entropy over it is always 0 and nothing trains; expected one output per class, at least 2 (Linear(2) for a yes/no task), or disable LENET016 if a loss of your own reads this output through Backward");

    public static readonly DiagnosticDescriptor ActivationOnLogits = Warning(
        "LENET017",
        "Activation after the last layer",
        "{0} after {1}, the last layer, {2}; expected raw logits: remove {0}, or disable LENET017 if a loss of your own reads these outputs through Backward");

    public static readonly DiagnosticDescriptor NoFinalLinear = Warning(
        "LENET018",
        "Network does not end in a Linear layer",
        "{0}: the network ends in a {1} feature map, which softmax cross-entropy reads as {2} classes; expected a last Linear layer with one output per class, e.g. [Linear(10)], or a last layer with a 1x1 output");

    public static readonly DiagnosticDescriptor FlattenWithoutEffect = Warning(
        "LENET019",
        "Flatten of a flat vector",
        "{0}: Flatten after {1} does nothing, as its input is already a flat vector; remove it (a Flatten belongs between the last convolution or pool and the first Linear)");

    public static readonly DiagnosticDescriptor ArgumentTwice = Error(
        "LENET020",
        "Argument given twice",
        "{0} gives {1} twice, as {2} by position and as {3} by name; give it once");

    public static readonly DiagnosticDescriptor InvalidNegativeSlope = Error(
        "LENET030",
        "Invalid LeakyReLU slope",
        "{0}: LeakyReLU's NegativeSlope must be a finite number of at least 0, but is {1}; expected e.g. LeakyReLU(0.01) (the backward pass reads the derivative off the output, which a negative slope makes ambiguous)");

    public static readonly DiagnosticDescriptor PoolPaddingTooLarge = Error(
        "LENET031",
        "Pool padding larger than half its window",
        "{0}: {1} has padding {2} with a {3}x{3} window; PyTorch requires a pool's padding to be at most half its window, at most {4} here");

    public static readonly DiagnosticDescriptor AdaptiveOutputSize = Error(
        "LENET032",
        "AdaptiveAvgPool2d output size other than 1",
        "{0}: AdaptiveAvgPool2d({1}) is not supported; only AdaptiveAvgPool2d(1), global average pooling, is. Use AdaptiveAvgPool2d(1), or an AvgPool2d with the window and stride that give the output size wanted.");

    public static readonly DiagnosticDescriptor DropoutProbability = Error(
        "LENET040",
        "Dropout probability out of range",
        "{0}: Dropout's p is {1}; expected a probability of dropping an element in [0, 1), e.g. [Dropout(0.5)] (p = 1 would drop everything and leave nothing to rescale)");

    public static readonly DiagnosticDescriptor DropoutOnLogits = Warning(
        "LENET041",
        "Dropout after the last layer",
        "{0} after {1}, the last layer, zeroes logits that softmax cross-entropy reads while training; expected Dropout before a Linear layer, e.g. [Dropout(0.5)] before [Linear(10)]: move {0} before {1}");

    public static readonly DiagnosticDescriptor BatchNormInput = Error(
        "LENET042",
        "Batch norm over an input of the wrong kind",
        "{0}: {1} expects {2}, but its input is {3}; {4}");

    public static readonly DiagnosticDescriptor BatchNormArgument = Error(
        "LENET043",
        "Batch norm eps or momentum out of range",
        "{0}: {1} has eps {2} and momentum {3}; expected eps > 0 (it keeps the square root away from 0) and momentum in [0, 1], e.g. [{1}(Eps = 1e-5, Momentum = 0.1)], PyTorch's defaults");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "LENET999",
        "Internal generator error",
        "The LeNet.Generated generator failed on '{0}': {1}. This is a bug; please report it with the declaration.");

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: Repository.DiagnosticHelp(id));
}
