using System.Text;

namespace LeNet.Generated.Generator.Emit;

/// <summary>C# names derived from PyTorch-style layer and tensor names.</summary>
internal static class Names
{
    /// <summary>"conv1" → "Conv1"; kernels are named <c>Conv1Forward</c>, <c>Conv1BackwardInput</c>, ….</summary>
    public static string Method(string layer) => char.ToUpperInvariant(layer[0]) + layer.Substring(1);

    /// <summary>"conv1.weight" → "Conv1Weight", the parameter view's property name.</summary>
    public static string Property(string tensor)
    {
        var name = new StringBuilder();
        foreach (string part in tensor.Split('.'))
        {
            name.Append(Method(part));
        }

        return name.ToString();
    }
}
