using System.Diagnostics;

namespace LeNet.Generated;

/// <summary>
/// Global average pooling, as <c>nn.AdaptiveAvgPool2d(1)</c>: <c>[AdaptiveAvgPool2d(1)]</c> averages each channel's
/// whole feature map, whatever its height and width, into one value (C×H×W to C×1×1). Only output size 1 is
/// supported; another is an error (LENET032).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("LENET_GENERATED_ATTRIBUTES")]
public sealed class AdaptiveAvgPool2dAttribute : Attribute
{
    /// <summary><c>nn.AdaptiveAvgPool2d(output_size)</c>; <paramref name="outputSize"/> must be 1.</summary>
    public AdaptiveAvgPool2dAttribute(int outputSize) => OutputSize = outputSize;

    /// <summary>Output height and width: 1.</summary>
    public int OutputSize { get; }
}
