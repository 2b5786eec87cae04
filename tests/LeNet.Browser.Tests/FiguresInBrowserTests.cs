using System.Diagnostics;
using LeNet.Browser.Drawing;
using Xunit.Abstractions;

namespace LeNet.Browser.Tests;

/// <summary>
/// The browser sample's figures, printed for the README (run with a detailed console logger): what a
/// first visit downloads, how soon the page predicts, and how long a prediction takes in the browser
/// and in .NET on this machine. It checks what must hold whatever the machine's speed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FiguresInBrowserTests(BrowserSession browser, ITestOutputHelper output)
{
    [BrowserFact]
    public void AFirstVisitDownloadsTheAppAndTheWeightsButNotTheTrainingData()
    {
        // A first visit: nothing in the runtime's resource cache (the server sends no-store, so no HTTP cache either).
        browser.Open();
        browser.Script("return caches.keys().then(keys => Promise.all(keys.map(key => caches.delete(key))));");
        int before = browser.Server.Served.Count;
        PageSnapshot page = browser.Open();
        string[] files = browser.Server.Served.Skip(before).Distinct().ToArray();
        double cold = page.ReadyMilliseconds;
        page = browser.Open();
        double cached = page.ReadyMilliseconds;

        string root = Path.Combine(browser.PublishDirectory, "wwwroot");
        Assert.Contains("lenet5.safetensors", files);
        Assert.Contains(files, f => f.StartsWith("_framework/dotnet.native.", StringComparison.Ordinal) && f.EndsWith(".wasm", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith("mnist/", StringComparison.Ordinal));

        (long raw, long brotli, long gzip) = Sizes(root, files);
        string[] published = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !IsPrecompressed(root, f))
            .ToArray();
        (long publishedRaw, long publishedBrotli, _) = Sizes(root, published);
        output.WriteLine($"first visit: {files.Length} files, {Mb(raw)} uncompressed, {Mb(brotli)} as Brotli, {Mb(gzip)} as gzip (the publish output's .br and .gz files)");
        output.WriteLine($"published wwwroot: {published.Length} files, {Mb(publishedRaw)} uncompressed, {Mb(publishedBrotli)} with Brotli where published (MNIST subset included)");
        output.WriteLine($"time to first prediction: {cold / 1000:F2} s on a first visit, {cached / 1000:F2} s with the runtime's resources cached");

        // One prediction, in the browser and in .NET, on a drawn digit.
        browser.Draw(MnistStrokes.FromDigit(Mnist.TestImage(0)));
        browser.WaitFor(s => s.Digit >= 0, TimeSpan.FromSeconds(20), "a prediction");
        browser.Click("measure");
        page = browser.WaitFor(s => s.SpeedMicroseconds is not null, TimeSpan.FromMinutes(1), "the prediction time");
        double dotnet = DotNetPredictionMicroseconds(Convert.FromBase64String(page.Pixels));
        output.WriteLine($"one prediction: {page.SpeedMicroseconds:F0} µs in the browser ({page.VectorLanes} lanes, SIMD {(page.Simd ? "on" : "off")}), {dotnet:F1} µs in .NET (mean of repeated predictions of the same image)");
        Assert.True(page.SpeedMicroseconds > 0);
    }

    private static double DotNetPredictionMicroseconds(byte[] pixels)
    {
        var session = new NetworkSession();
        session.LoadWeights(Mnist.ShippedWeights());
        var input = new float[MnistPreprocessing.Length];
        var probabilities = new float[NetworkSession.Classes];
        MnistPreprocessing.Normalise(pixels, input);
        // A second of predictions first, so the JIT has compiled the kernels optimised.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(1))
        {
            session.Predict(input, probabilities);
        }

        const int Runs = 20000;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Runs; i++)
        {
            session.Predict(input, probabilities);
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / Runs;
    }

    /// <summary>Whether <paramref name="file"/> is the publish step's compressed copy of another published file.</summary>
    private static bool IsPrecompressed(string root, string file) =>
        (file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal)) && File.Exists(Path.Combine(root, file[..^3]));

    /// <summary>Bytes of <paramref name="files"/> as they are, and as their .br and .gz copies where the publish step made them.</summary>
    private static (long Raw, long Brotli, long Gzip) Sizes(string root, IEnumerable<string> files)
    {
        long raw = 0, brotli = 0, gzip = 0;
        foreach (string file in files)
        {
            string path = Path.Combine(root, file);
            long size = new FileInfo(path).Length;
            raw += size;
            brotli += File.Exists(path + ".br") ? new FileInfo(path + ".br").Length : size;
            gzip += File.Exists(path + ".gz") ? new FileInfo(path + ".gz").Length : size;
        }

        return (raw, brotli, gzip);
    }

    private static string Mb(long bytes) => $"{bytes / 1e6:F2} MB";
}
