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

    /// <summary>A string literal; summaries hold only printable ASCII, quotes and line breaks.</summary>
    public static string String(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
