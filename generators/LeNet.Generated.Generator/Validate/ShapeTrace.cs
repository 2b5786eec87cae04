using System.Collections.Generic;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// The inferred shapes from the input to a layer, which a message about an inferred shape starts with,
/// so that it shows where the shape came from: "input 1x28x28 → conv1 6x24x24 → pool1 6x12x12 → conv2".
/// Activations change no shape and are left out; a long trace keeps the input and the last layers.
/// </summary>
internal sealed class ShapeTrace(Shape? input)
{
    private const int Shown = 6;
    private const string Arrow = " \u2192 ";

    private readonly List<string> _steps = input is null ? [] : ["input " + input];

    public void Add(string name, Shape output) => _steps.Add(name + " " + output);

    /// <summary>The trace up to <paramref name="layer"/>, ending with its name (the message goes on with ": …").</summary>
    public string To(string layer)
    {
        if (_steps.Count == 0)
        {
            return layer;
        }

        IEnumerable<string> shown = _steps.Count <= Shown + 1
            ? _steps
            : [_steps[0], "\u2026", .. _steps.GetRange(_steps.Count - Shown, Shown)];
        return string.Join(Arrow, shown) + Arrow + layer;
    }
}
