using System.Globalization;
using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Numbers as C# literals, always in the invariant culture (a culture's minus sign U+2212 or
/// decimal comma would not compile) and, for floating point, in round-trip form.
/// </summary>
internal static class Literal
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number with digit grouping for comments and summaries, "61,706".</summary>
    public static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>A literal of the network's element type: "0.25f" or "0.25d".</summary>
    public static string Scalar(ScalarType scalar, double value) => scalar == ScalarType.Float
        ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f"
        : Double(value);

    /// <summary>A number as Python's repr prints a float, as PyTorch's module reprs show it: "0.01", "0.2", "1.0", "1e-05".</summary>
    public static string Python(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e >= 0)
        {
            // C#'s "1E-05" is Python's "1e-05"; both switch to exponents below 1e-4.
            string exponent = text.Substring(e + 1);
            string sign = exponent[0] == '-' ? "-" : "+";
            string digits = exponent.TrimStart('+', '-');
            return text.Substring(0, e) + "e" + sign + (digits.Length < 2 ? "0" + digits : digits);
        }

        return text.IndexOf('.') >= 0 || text.Contains("Infinity") || text == "NaN" ? text : text + ".0";
    }

    /// <summary>A string literal; summaries hold only printable ASCII, quotes and line breaks.</summary>
    public static string String(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
