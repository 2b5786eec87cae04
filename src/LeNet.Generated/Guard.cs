using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace LeNet.Generated;

/// <summary>
/// Argument checks called by generated code. The throwing paths live here, out of line, so the
/// generated methods stay small and their happy path has no string formatting.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Checks that a span holds exactly <paramref name="expected"/> elements.</summary>
    public static void Length(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, paramName);
        }
    }

    /// <summary>Checks that a span holds one or more whole items of <paramref name="itemLength"/> elements and returns how many.</summary>
    public static int Count(int actual, int itemLength, string paramName)
    {
        if (actual == 0 || actual % itemLength != 0)
        {
            ThrowCount(actual, itemLength, paramName);
        }

        return actual / itemLength;
    }

    /// <summary>Checks that there are <paramref name="outputs"/> targets for each of <paramref name="count"/> images.</summary>
    public static void Targets(int actual, int count, int outputs, string paramName)
    {
        if (actual != count * outputs)
        {
            throw new ArgumentException($"Expected {count * outputs} targets, {outputs} per image (OutputLength) for {count} images, one image after another, but the span has {actual}.", paramName);
        }
    }

    /// <summary>Checks that a network's loss reads what the caller passes: class labels for cross-entropy, targets for the others.</summary>
    public static void LossReads(LossFunction loss, bool labels, string paramName)
    {
        if (labels != (loss == LossFunction.CrossEntropy))
        {
            throw new ArgumentException(
                labels
                    ? $"This network's loss is {loss}, which reads a target per output (N × OutputLength values), not class labels; pass the targets as a span of the element type."
                    : $"This network's loss is {loss}, which reads one class label per image, not targets; pass the labels as a span of int.",
                paramName);
        }
    }

    /// <summary>Checks that a class label lies in [0, <paramref name="classes"/>).</summary>
    public static void Label(int label, int classes, int index, string paramName)
    {
        if ((uint)label >= (uint)classes)
        {
            ThrowLabel(label, classes, index, paramName);
        }
    }

    /// <summary>Checks that there are <paramref name="count"/> labels, each in [0, <paramref name="classes"/>).</summary>
    public static void Labels(ReadOnlySpan<int> labels, int count, int classes, string paramName)
    {
        if (labels.Length != count)
        {
            throw new ArgumentException($"Expected {count} labels, one per image, but the span has {labels.Length}.", paramName);
        }

        for (int i = 0; i < labels.Length; i++)
        {
            Label(labels[i], classes, i, paramName);
        }
    }

    /// <summary>Throws unless [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) lies in [0, <paramref name="total"/>).</summary>
    public static void Range(int offset, int length, int total, string paramName)
    {
        if (offset < 0 || length < 0 || offset > total - length)
        {
            throw new ArgumentOutOfRangeException(paramName, offset, $"Expected a range within the {total} parameters, but got {length} from {offset}.");
        }
    }

    /// <summary>Checks that an optimizer was sized for this network's parameters.</summary>
    public static void ParameterCount(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"The optimizer was created for {actual} parameters, but the network has {expected}; create it with the network's ParameterCount.", paramName);
        }
    }

    /// <summary>Throws because <c>Backward</c> was called without a preceding single-image <c>Forward</c>.</summary>
    [DoesNotReturn]
    public static void ThrowNoForward() =>
        throw new InvalidOperationException(
            "Backward needs the activations of a single-image Forward call on the same training workspace; call Forward with exactly one image on it first.");

    /// <summary>Checks that <paramref name="mode"/> is one of <see cref="NetworkMode"/>'s two values; <c>default</c> is neither.</summary>
    public static void Mode(NetworkMode mode, string paramName)
    {
        if (mode is not (NetworkMode.Evaluation or NetworkMode.Training))
        {
            throw new ArgumentOutOfRangeException(paramName, mode, "Expected NetworkMode.Training or NetworkMode.Evaluation; the mode is never implied.");
        }
    }

    /// <summary>Throws because a pass was asked in segments of a network generated without them.</summary>
    [DoesNotReturn]
    public static void ThrowNoSegments() =>
        throw new NotSupportedException("A network without batch normalisation runs its passes whole; the segments are generated only for networks with BatchNorm2d or BatchNorm1d layers.");

    /// <summary>Throws because a whole pass was asked of a network generated in segments.</summary>
    [DoesNotReturn]
    public static void ThrowSegmented() =>
        throw new NotSupportedException("A network with batch normalisation runs its passes in segments, normalising between them over every image of a pass; the workspaces run them.");

    /// <summary>Throws because a generated kernel was asked for a vector width it has no kernels for on this processor.</summary>
    [DoesNotReturn]
    public static void ThrowWidth(VectorWidth width) =>
        throw new ArgumentOutOfRangeException(nameof(width), width, $"No kernels run at {width} on this processor; the widest that do are {VectorWidths.Best}.");

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string paramName) =>
        throw new ArgumentException($"Expected {expected} elements, but the span has {actual}.", paramName);

    [DoesNotReturn]
    private static void ThrowCount(int actual, int itemLength, string paramName) =>
        throw new ArgumentException(
            actual == 0
                ? $"The span is empty; expected one or more items of {itemLength} elements."
                : $"Expected a whole number of items of {itemLength} elements, but the span has {actual} ({actual / itemLength} items and {actual % itemLength} elements left over).",
            paramName);

    [DoesNotReturn]
    private static void ThrowLabel(int label, int classes, int index, string paramName) =>
        throw new ArgumentOutOfRangeException(
            paramName, label, $"Label {label} at index {index} is outside the {classes} classes; expected 0 to {classes - 1}.");
}
