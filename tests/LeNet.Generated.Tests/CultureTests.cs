using System.Globalization;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The emitted source does not depend on the build machine's culture. fi-FI writes minus as U+2212
/// and decimals with a comma, either of which breaks a C# literal (CS1056); the culture here is a
/// copy of the invariant one with exactly those settings, so the test does not depend on ICU data.
/// </summary>
public sealed class CultureTests
{
    private const string Spec = """
        using LeNet.Generated;

        [Network(Channels = 3, Height = 7, Width = 11, ElementType = typeof(double))]
        [Conv2d(5, KernelSize = 3, Stride = 2, Padding = 1), Sigmoid]
        [MaxPool2d(2)]
        [Linear(1234), ReLU]
        [Linear(3)]
        public sealed partial class Net;
        """;

    [Fact]
    public void OutputIsTheSameUnderACultureWithUnicodeMinusAndDecimalComma()
    {
        string invariant = GeneratorHarness.RunClean(Spec).Source;

        CultureInfo saved = CultureInfo.CurrentCulture;
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = "\u00a0";
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("\u22121,5", (-1.5).ToString(culture));
            Assert.Equal(invariant, GeneratorHarness.RunClean(Spec).Source);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
