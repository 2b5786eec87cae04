using System.Diagnostics;
using LeNet.Browser.Drawing;
using LeNet.Browser.Training;
using Xunit.Abstractions;

namespace LeNet.Browser.Tests;

/// <summary>
/// "Train in the browser" in Chromium: a few hundred steps from a fresh network, during which the page
/// keeps drawing frames and takes a click on Stop. The first step's loss must be .NET's for the same
/// weights and batch, the loss must fall, and the weights the page then classifies with and offers
/// for download must be the trained ones. Ends with the screenshot in the README (docs/browser.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrainingInBrowserTests(BrowserSession browser, ITestOutputHelper output)
{
    private const int Steps = 300;

    // A slice is about 40 ms of steps; a page that stopped yielding would
    // show the whole run as one gap. Loose enough for a machine busy with other tests.
    private static readonly TimeSpan LongestFrameGap = TimeSpan.FromSeconds(2);

    [BrowserFact]
    public void TrainingLowersTheLossAndTheTrainedWeightsClassify()
    {
        browser.Open();
        browser.SetValue("epochs", "1");
        browser.Click("train");

        var clock = Stopwatch.StartNew();
        int step = 0;
        while (step < Steps && clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            Thread.Sleep(250);
            step = Convert.ToInt32(browser.Script("return Number(document.getElementById('progress').value);"));
        }

        Assert.True(step >= Steps, $"{step} steps after {clock.Elapsed.TotalSeconds:F0} s; expected {Steps}.");
        int clicked = Convert.ToInt32(browser.Script("return Number(document.getElementById('progress').value);"));
        browser.Click("stop");
        PageSnapshot page = browser.WaitFor(s => s.TrainingState == "stopped", TimeSpan.FromMinutes(1), "training to stop");
        output.WriteLine($"{page.Step} steps in {clock.Elapsed.TotalSeconds:F1} s, {page.ImagesPerSecond:F0} images/s of step time; {page.Frames} frames, the longest gap between two {page.LongestFrameGapMilliseconds:F0} ms");
        // Stop lands between two slices, long before the epoch's 1,250 steps: within what the page trains in
        // three seconds after the click (the click itself waits for the page's thread, and the page for a frame).
        Assert.InRange(page.Step, clicked, clicked + Math.Max(20, (int)(3 * page.ImagesPerSecond / LeNet.Browser.Training.TrainingRun.BatchSize)));
        // Input is handled between tasks: the page yielded for a frame again and again, never blocking long.
        Assert.InRange(page.Frames, 20, page.Step);
        Assert.InRange(page.LongestFrameGapMilliseconds, 1, LongestFrameGap.TotalMilliseconds);

        // The same first batch and initial weights in .NET give the same first loss, to rounding.
        TrainingData data = TrainingData.Load(Path.Combine(browser.PublishDirectory, "wwwroot", TrainingData.Folder));
        TrainingRun run = TrainInDotNet(data, page.Step);
        Assert.Equal(run.Losses[0], page.Losses[0], 1e-5f * run.Losses[0]);
        // Timed again once the JIT has compiled the kernels optimised (the browser's rate includes its warm-up).
        output.WriteLine($"the same {page.Step} steps in .NET on one thread: {TrainInDotNet(data, page.Step).ImagesPerSecond:F0} images/s");
        Assert.InRange(page.Losses[0], Math.Log(10) - 0.1, Math.Log(10) + 0.1); // a fresh network guesses: about ln 10

        double first = page.Losses.Take(20).Average(), last = page.Losses.TakeLast(50).Average();
        output.WriteLine($"mean loss of the first 20 steps {first:F3}, of the last 50 {last:F3}; test accuracy {page.TestCorrect} / {page.TestCount}");
        Assert.True(last < 0.3 * first, $"mean loss {first:F3} over the first 20 steps, {last:F3} over the last 50; expected it to fall below 30 %.");

        Assert.StartsWith("trained here", page.Weights);
        Assert.Equal(data.Test.Count, page.TestCount);
        Assert.True(page.TestCorrect >= 0.8 * page.TestCount, $"{page.TestCorrect} of {page.TestCount} test images right after {page.Step} steps; expected 80 % or more.");

        // The downloaded weights are the trained ones: .NET classifies the test images with them as the page did.
        browser.Click("download");
        string file = Path.Combine(browser.Downloads, "lenet5-browser.safetensors");
        var wait = Stopwatch.StartNew();
        while (!File.Exists(file) && wait.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.True(File.Exists(file), $"no {file} after clicking Download");
        var downloaded = new NetworkSession();
        downloaded.LoadWeights(File.ReadAllBytes(file));
        int correct = downloaded.CountCorrect(data.Test.Images, data.Test.Labels);
        Assert.InRange(correct, page.TestCorrect!.Value - 2, page.TestCorrect.Value + 2);

        // The page as the README shows it: a test digit drawn and classified by the weights just trained.
        List<List<InkPoint>> drawn = browser.Draw(MnistStrokes.FromDigit(Mnist.TestImage(0)));
        browser.WaitFor(s => s.Points == drawn.Sum(stroke => stroke.Count) && s.Digit >= 0, TimeSpan.FromSeconds(20), "the drawn digit's prediction");
        string screenshot = Path.Combine(AppContext.BaseDirectory, "browser.png");
        browser.Screenshot(screenshot);
        output.WriteLine($"screenshot: {screenshot}");
    }

    private static TrainingRun TrainInDotNet(TrainingData data, int steps)
    {
        var run = new TrainingRun(new NetworkSession(), data.Train, epochs: 1);
        while (run.Step < steps)
        {
            run.RunFor(TimeSpan.Zero);
        }

        return run;
    }
}
