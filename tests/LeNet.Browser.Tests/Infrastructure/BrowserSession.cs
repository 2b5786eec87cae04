using System.Text.Json;
using LeNet.Browser.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;

namespace LeNet.Browser.Tests.Infrastructure;

/// <summary>
/// The published app served on localhost and one headless Chromium driven through chromedriver,
/// shared by the browser tests (made on first use, so tests skipped for want of Chromium cost nothing).
/// </summary>
public sealed class BrowserSession : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<Started> _started = new(Start);

    /// <summary>The published app's folder.</summary>
    public string PublishDirectory => _started.Value.PublishDirectory;

    /// <summary>The server of its wwwroot.</summary>
    internal StaticFileServer Server => _started.Value.Server;

    /// <summary>Where the browser saves downloads.</summary>
    public string Downloads => _started.Value.Downloads;

    private ChromeDriver Driver => _started.Value.Driver;

    /// <summary>Loads the page afresh and waits until it has loaded the weights and made its first prediction.</summary>
    public PageSnapshot Open(string query = "")
    {
        Driver.Navigate().GoToUrl(new Uri(Server.BaseAddress, query));
        return WaitFor(s => s.ReadyMilliseconds > 0, TimeSpan.FromMinutes(1), "the page to load");
    }

    /// <summary>The page's state, from its <c>lenet.snapshot()</c>; null before the app has started.</summary>
    public PageSnapshot? TrySnapshot()
    {
        object? json = Driver.ExecuteScript("return window.lenet ? JSON.stringify(window.lenet.snapshot()) : null;");
        return json is string text ? JsonSerializer.Deserialize<PageSnapshot>(text, Json) : null;
    }

    public PageSnapshot Snapshot() => TrySnapshot() ?? throw new InvalidOperationException("The page has not started.");

    /// <summary>Polls the page until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public PageSnapshot WaitFor(Func<PageSnapshot, bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PageSnapshot? last = null;
        while (clock.Elapsed < timeout)
        {
            last = TrySnapshot();
            if (last is not null && condition(last))
            {
                return last;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"Waited {timeout.TotalSeconds:F0} s for {what}; last state: {(last is null ? "not started" : JsonSerializer.Serialize(last with { Losses = [] }, Json))}.");
        return last!;
    }

    /// <summary>
    /// Draws <paramref name="strokes"/> (canvas pixels) on the drawing canvas with the mouse, pressing the
    /// button at each stroke's first point and releasing it after its last. The browser places the pointer
    /// at whole viewport pixels; returns the strokes in canvas pixels as the page must receive them.
    /// </summary>
    public List<List<InkPoint>> Draw(IEnumerable<IReadOnlyList<InkPoint>> strokes)
    {
        var box = (IReadOnlyList<object>)Driver.ExecuteScript("const b = document.getElementById('ink').getBoundingClientRect(); return [b.left, b.top, b.width];")!;
        double left = Convert.ToDouble(box[0]), top = Convert.ToDouble(box[1]), width = Convert.ToDouble(box[2]);
        Assert.Equal(InkDrawing.CanvasSize, width);

        var mouse = new PointerInputDevice(PointerKind.Mouse, "mouse");
        var actions = new ActionBuilder();
        var drawn = new List<List<InkPoint>>();
        foreach (IReadOnlyList<InkPoint> stroke in strokes)
        {
            var points = new List<InkPoint>();
            for (int i = 0; i < stroke.Count; i++)
            {
                int x = (int)Math.Round(left + stroke[i].X), y = (int)Math.Round(top + stroke[i].Y);
                actions.AddAction(mouse.CreatePointerMove(CoordinateOrigin.Viewport, x, y, TimeSpan.Zero));
                if (i == 0)
                {
                    actions.AddAction(mouse.CreatePointerDown(MouseButton.Left));
                }

                points.Add(new InkPoint(x - left, y - top));
            }

            actions.AddAction(mouse.CreatePointerUp(MouseButton.Left));
            drawn.Add(points);
        }

        Driver.PerformActions(actions.ToActionSequenceList());
        return drawn;
    }

    public void Click(string id) => Driver.FindElement(By.Id(id)).Click();

    public string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    public void SetValue(string id, string value)
    {
        IWebElement input = Driver.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(value + Keys.Tab);
    }

    /// <summary>Runs <paramref name="script"/> in the page and returns its result.</summary>
    public object? Script(string script) => Driver.ExecuteScript(script);

    /// <summary>What the page wrote to the browser's console since the last call.</summary>
    public IEnumerable<string> ConsoleMessages() => Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => e.Message);

    public void Screenshot(string path) => Driver.GetScreenshot().SaveAsFile(path);

    public void Dispose()
    {
        if (_started.IsValueCreated)
        {
            _started.Value.Dispose();
        }
    }

    private static Started Start()
    {
        if (Chromium.MissingReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        string publish = PublishedApp.Publish();
        var server = new StaticFileServer(Path.Combine(publish, "wwwroot"));
        string scratch = Directory.CreateTempSubdirectory("lenet-browser-").FullName;
        string downloads = Directory.CreateDirectory(Path.Combine(scratch, "downloads")).FullName;

        var options = new ChromeOptions { BinaryLocation = Chromium.Browser };
        // Without the background-networking switches Chromium keeps trying to reach the internet.
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1100,920", $"--user-data-dir={Path.Combine(scratch, "profile")}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.AddUserProfilePreference("download.default_directory", downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Chromium.Driver)!, Path.GetFileName(Chromium.Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromMinutes(1);
        return new Started(publish, server, driver, scratch, downloads);
    }

    private sealed record Started(string PublishDirectory, StaticFileServer Server, ChromeDriver Driver, string Scratch, string Downloads) : IDisposable
    {
        public void Dispose()
        {
            Driver.Quit();
            Driver.Dispose();
            Server.Dispose();
            try
            {
                Directory.Delete(Scratch, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a profile file for a moment; the folder is under the temporary directory.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "Browser";
}
