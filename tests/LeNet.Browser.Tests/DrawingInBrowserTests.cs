using LeNet.Browser.Drawing;
using LeNet.Generated.Data;
using Xunit.Abstractions;

namespace LeNet.Browser.Tests;

/// <summary>
/// Real MNIST test digits redrawn with the mouse in Chromium: the page must see exactly the strokes
/// drawn, make from them exactly the 28×28 image .NET makes from the same strokes with the same C#,
/// and predict what the shipped weights predict in .NET for that image.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DrawingInBrowserTests(BrowserSession browser, ITestOutputHelper output)
{
    // The first five test digits: 7, 2, 1, 0, 4.
    private static readonly int[] Digits = [0, 1, 2, 3, 4];

    // WebAssembly has no fused multiply-add; x64 fuses tanh's multiply-adds, so logits differ in the last bits.
    private const float ProbabilityTolerance = 1e-5f;

    [BrowserFact]
    public void TheDrawnDigitsAreSeenAndClassifiedAsInDotNet()
    {
        IdxImages images = Idx.ReadImages(Path.Combine(RepositoryFiles.Mnist, "t10k-images-idx3-ubyte.gz"));
        byte[] labels = Idx.ReadLabels(Path.Combine(RepositoryFiles.Mnist, "t10k-labels-idx1-ubyte.gz"));
        var session = new NetworkSession();
        session.LoadWeights(File.ReadAllBytes(Path.Combine(browser.PublishDirectory, "wwwroot", "lenet5.safetensors")));

        PageSnapshot page = browser.Open();
        Assert.Equal(-1, page.Digit);
        int right = 0;
        foreach (int index in Digits)
        {
            browser.Click("clear");
            browser.WaitFor(s => s.Points == 0, TimeSpan.FromSeconds(10), "the canvas to clear");
            List<List<InkPoint>> drawn = browser.Draw(MnistStrokes.FromDigit(images.Pixels.AsSpan(index * 784, 784)));
            int points = drawn.Sum(s => s.Count);
            page = browser.WaitFor(s => s.Points == points, TimeSpan.FromSeconds(20), $"the {points} points of digit {index}");

            // The page received every point where it was drawn.
            Assert.Equal(drawn.Count, page.Strokes.Length);
            for (int s = 0; s < drawn.Count; s++)
            {
                Assert.Equal(drawn[s].Select(p => new[] { p.X, p.Y }), page.Strokes[s]);
            }

            // The same strokes through the same C# in .NET: the image bit for bit, the prediction to rounding.
            var expected = new byte[MnistPreprocessing.Length];
            MnistPreprocessing.ToDigit(InkDrawing.From(drawn).Raster, expected);
            Assert.Equal(expected, Convert.FromBase64String(page.Pixels));
            var input = new float[MnistPreprocessing.Length];
            var probabilities = new float[NetworkSession.Classes];
            MnistPreprocessing.Normalise(expected, input);
            int digit = session.Predict(input, probabilities);
            Assert.Equal(digit, page.Digit);
            Assert.Equal(digit.ToString(System.Globalization.CultureInfo.InvariantCulture), browser.Text("top-digit"));
            for (int d = 0; d < NetworkSession.Classes; d++)
            {
                Assert.InRange(page.Probabilities[d] - probabilities[d], -ProbabilityTolerance, ProbabilityTolerance);
            }

            right += digit == labels[index] ? 1 : 0;
            output.WriteLine($"test digit {index} (a {labels[index]}): {drawn.Count} strokes, {points} points, predicted {page.Digit} ({100 * page.Probabilities[page.Digit]:F2} %) in {page.PredictMilliseconds:F1} ms");
        }

        // Redrawn from a thinned skeleton the digits are not MNIST's own pixels, but they stay recognisable.
        Assert.True(right >= Digits.Length - 1, $"{right} of {Digits.Length} redrawn digits classified as their labels; expected at least {Digits.Length - 1}.");
    }
}
