using LeNet.Browser.Drawing;
using LeNet.Generated.Data;
using Xunit.Abstractions;

namespace LeNet.Browser.Tests;

/// <summary>The drawing's rendering and its MNIST-style preprocessing, in .NET against independent expectations.</summary>
public sealed class PreprocessingTests(ITestOutputHelper output)
{
    [Fact]
    public void NormalisationIsMnistDatasetsBitForBit()
    {
        string shipped = RepositoryFiles.File("samples/LeNet.Browser/wwwroot/mnist");
        MnistDataset dataset = MnistDataset.Load(shipped, train: false);
        IdxImages images = Idx.ReadImages(Path.Combine(shipped, "t10k-images-idx3-ubyte.gz"));
        var inputs = new float[images.Pixels.Length];
        MnistPreprocessing.Normalise(images.Pixels, inputs);
        Assert.Equal(dataset.Images, inputs);
    }

    [Fact]
    public void ADotCoversEachPixelByTheDistanceOfItsCentre()
    {
        var raster = new InkRaster(40, 40, brushRadius: 3);
        raster.Segment(new InkPoint(20.5, 20.5), new InkPoint(20.5, 20.5));
        float At(int x, int y) => raster.Coverage[(y * 40) + x];
        Assert.Equal(1f, At(20, 20));                               // centre on the dot
        Assert.Equal(0.5f, At(23, 20));                             // 3 from the dot: half way across the edge
        Assert.Equal(0.5f, At(20, 17));
        Assert.Equal((float)(3.5 - Math.Sqrt(8)), At(22, 22));      // diagonal, 2.83 away
        Assert.Equal(0f, At(24, 20));                               // 4 away: outside
        Assert.Equal((17, 17, 24, 24), (raster.Left, raster.Top, raster.Right, raster.Bottom));
    }

    [Fact]
    public void TheOrderOfStrokesAndOfTheirPointsDoesNotMatter()
    {
        List<List<InkPoint>> strokes = MnistStrokes.FromDigit(Mnist.TestImage(4));
        Assert.True(strokes.Count > 1, "expected a digit of several strokes");
        List<List<InkPoint>> reversed = strokes.Select(s => Enumerable.Reverse(s).ToList()).Reverse().ToList();
        Assert.Equal(InkDrawing.From(strokes).Raster.Coverage.ToArray(), InkDrawing.From(reversed).Raster.Coverage.ToArray());
    }

    [Fact]
    public void MovingTheDrawingByWholePixelsLeavesTheDigitUnchanged()
    {
        List<List<InkPoint>> strokes = ScaledDown(MnistStrokes.FromDigit(Mnist.TestImage(1)));
        List<List<InkPoint>> moved = strokes.Select(s => s.Select(p => new InkPoint(p.X + 57, p.Y + 91)).ToList()).ToList();
        Assert.Equal(Digit(strokes), Digit(moved));
    }

    [Fact]
    public void ALongBarFillsTheBoxAcrossAndKeepsItsAspectRatio()
    {
        // A 200-pixel segment with a brush of radius 12 inks 224 × 24 pixels: 20 columns by 2.1 rows once
        // 224 pixels are scaled to 20. Its ink, 200 × 24 plus two half discs, scales by (20 / 224)².
        byte[] digit = Digit([[new InkPoint(40, 140), new InkPoint(240, 140)]]);
        int[] columns = Enumerable.Range(0, 28).Where(x => Enumerable.Range(0, 28).Any(y => digit[(y * 28) + x] > 0)).ToArray();
        int[] rows = Enumerable.Range(0, 28).Where(y => Enumerable.Range(0, 28).Any(x => digit[(y * 28) + x] > 0)).ToArray();
        Assert.Equal(Enumerable.Range(4, 20), columns);
        Assert.InRange(rows.Length, 3, 4);
        double ink = (200 * 24) + (Math.PI * 12 * 12), scale = 20.0 / 224;
        double expected = 255 * ink * scale * scale;
        Assert.Equal(expected, digit.Sum(p => (double)p), 0.02 * expected);
    }

    [Fact]
    public void TheCentreOfMassLandsOnTheCentreOfTheField()
    {
        for (int index = 0; index < 20; index++)
        {
            byte[] digit = Digit(MnistStrokes.FromDigit(Mnist.TestImage(index)));
            double mass = 0, x = 0, y = 0;
            for (int i = 0; i < digit.Length; i++)
            {
                mass += digit[i];
                x += digit[i] * ((i % 28) + 0.5);
                y += digit[i] * ((i / 28) + 0.5);
            }

            // To the nearest pixel: within half a pixel of the centre, 14 from the corner.
            Assert.InRange(x / mass, 13.5, 14.5);
            Assert.InRange(y / mass, 13.5, 14.5);
        }
    }

    [Fact]
    public void NothingDrawnGivesABlankDigit()
    {
        var digit = new byte[MnistPreprocessing.Length];
        digit.AsSpan().Fill(7);
        MnistPreprocessing.ToDigit(new InkDrawing().Raster, digit);
        Assert.All(digit, p => Assert.Equal(0, p));
    }

    [Fact]
    public void RedrawnTestDigitsAreClassifiedAsTheirLabels()
    {
        // The real test is whether what a person draws looks like MNIST to the network: MNIST's own test
        // digits, thinned to strokes and redrawn with the page's brush, are read at 96.3 % (their pixels: 99.4 %).
        var session = new NetworkSession();
        session.LoadWeights(Mnist.ShippedWeights());
        var input = new float[MnistPreprocessing.Length];
        var probabilities = new float[NetworkSession.Classes];
        const int Count = 1000;
        int right = 0, rightFromPixels = 0;
        for (int index = 0; index < Count; index++)
        {
            MnistPreprocessing.Normalise(Digit(MnistStrokes.FromDigit(Mnist.TestImage(index))), input);
            right += session.Predict(input, probabilities) == Mnist.TestLabels[index] ? 1 : 0;
            MnistPreprocessing.Normalise(Mnist.TestImage(index), input);
            rightFromPixels += session.Predict(input, probabilities) == Mnist.TestLabels[index] ? 1 : 0;
        }

        output.WriteLine($"the first {Count} test digits: {right} right redrawn from strokes, {rightFromPixels} from their pixels");
        Assert.InRange(right, 950, Count);
    }

    private static byte[] Digit(IEnumerable<IReadOnlyList<InkPoint>> strokes)
    {
        var digit = new byte[MnistPreprocessing.Length];
        MnistPreprocessing.ToDigit(InkDrawing.From(strokes).Raster, digit);
        return digit;
    }

    private static List<List<InkPoint>> ScaledDown(List<List<InkPoint>> strokes) =>
        strokes.Select(s => s.Select(p => new InkPoint(p.X / 2, p.Y / 2)).ToList()).ToList();
}
