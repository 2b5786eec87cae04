using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using LeNet.Browser.Drawing;
using LeNet.Browser.Training;
using LeNet.Generated;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LeNet.Browser;

/// <summary>The page: a drawing canvas classified as it changes, and a network trained here on demand.</summary>
public sealed partial class DigitPage : IAsyncDisposable
{
    private const string WeightsFile = "lenet5.safetensors";
    private const int TrainingSliceMilliseconds = 40;
    private const int SpeedRuns = 200;
    private const int WarmUpSteps = 3;
    private static readonly string VectorInfo = $"kernels: {(VectorWidths.Best == VectorWidth.Scalar ? "scalar" : $"{(int)VectorWidths.Best}-bit vectors")}, {VectorWidths.Lanes<float>(VectorWidths.Best)} images per group, SIMD {(Vector128.IsHardwareAccelerated ? "on" : "off")}";

    private readonly NetworkSession _session = new();
    private readonly InkDrawing _drawing = new();
    private readonly byte[] _pixels = new byte[MnistPreprocessing.Length];
    private readonly float[] _input = new float[MnistPreprocessing.Length];
    private readonly float[] _probabilities = new float[NetworkSession.Classes];

    private ElementReference _inkCanvas;
    private ElementReference _digitCanvas;
    private IJSInProcessObjectReference? _module;
    private DotNetObjectReference<DigitPage>? _self;
    private byte[] _shippedWeights = [];
    private bool _ready;
    private bool _digitChanged;
    private string _status = "Loading the weights…";
    private string _weightsName = "";
    private string? _speed;
    private int _digit = -1;
    private TimeSpan _predictTime;
    private TimeSpan _preprocessTime;
    private double _readyMilliseconds;
    private double? _speedMicroseconds;
    private bool _usingTrained;

    private TrainingData? _data;
    private TrainingRun? _run;
    private int _epochs = 1;
    private string _trainingState = "idle";
    private bool _stopRequested;
    private int? _testCorrect;
    private int _testCount;
    private TimeSpan _longestFrameGap;
    private int _frames;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private HttpClient Http { get; set; } = default!;

    private bool IsTraining => _trainingState is "loading data" or "training" or "stopping" or "testing";

    private static string TrainSize => $"{TrainingData.TrainCount:N0}";

    private static string TestSize => $"{TrainingData.TestCount:N0}";

    private static string DownloadSize => TrainingData.DownloadDescription;

    /// <summary>Points from the canvas: triples of (0 to start a stroke or 1 to extend it, x, y).</summary>
    [JSInvokable]
    public void OnInk(double[] points)
    {
        for (int i = 0; i + 2 < points.Length; i += 3)
        {
            var point = new InkPoint(points[i + 1], points[i + 2]);
            if (points[i] == 0)
            {
                _drawing.BeginStroke(point);
            }
            else
            {
                _drawing.ExtendStroke(point);
            }
        }

        Classify();
        StateHasChanged();
    }

    /// <summary>The page's state for tests and the console: strokes, input image, prediction, timings and training.</summary>
    [JSInvokable]
    public PageSnapshot Snapshot() => new(
        _drawing.Strokes.Select(s => s.Select(p => new[] { p.X, p.Y }).ToArray()).ToArray(),
        _drawing.PointCount,
        Convert.ToBase64String(_pixels),
        _digit,
        _digit >= 0 ? _probabilities.ToArray() : [],
        _predictTime.TotalMilliseconds,
        _readyMilliseconds,
        _speedMicroseconds,
        VectorWidths.Lanes<float>(VectorWidths.Best),
        Vector128.IsHardwareAccelerated,
        _weightsName,
        _trainingState,
        _run?.Step ?? 0,
        _run?.TotalSteps ?? 0,
        _run?.Losses.ToArray() ?? [],
        _run?.ImagesPerSecond ?? 0,
        _frames,
        _longestFrameGap.TotalMilliseconds,
        _testCorrect,
        _testCount);

    public async ValueTask DisposeAsync()
    {
        _stopRequested = true;
        _self?.Dispose();
        if (_module is not null)
        {
            await _module.DisposeAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = (IJSInProcessObjectReference)await JS.InvokeAsync<IJSObjectReference>("import", "./js/ink.js");
            _self = DotNetObjectReference.Create(this);
            _module.InvokeVoid("attach", _inkCanvas, _self, InkDrawing.CanvasSize, InkDrawing.BrushRadius);
            _module.InvokeVoid("expose", _self);
            _shippedWeights = await Http.GetByteArrayAsync(WeightsFile);
            _session.LoadWeights(_shippedWeights);
            _weightsName = "shipped (trained on .NET, 99.15 % on MNIST's test set)";
            // The first prediction also prepares the interpreter's code for the network.
            MnistPreprocessing.Normalise(_pixels, _input);
            _session.Predict(_input, _probabilities);
            _readyMilliseconds = _module.Invoke<double>("now");
            _ready = true;
            _status = $"Ready {_readyMilliseconds / 1000:F2} s after the page started loading. Draw a digit.";
            StateHasChanged();
        }

        if (_digitChanged && _module is not null)
        {
            _digitChanged = false;
            _module.InvokeVoid("drawDigit", _digitCanvas, _pixels);
        }
    }

    private void Classify()
    {
        _digitChanged = true;
        if (_drawing.PointCount == 0 || !_ready)
        {
            Array.Clear(_pixels);
            _digit = -1;
            return;
        }

        long start = Stopwatch.GetTimestamp();
        MnistPreprocessing.ToDigit(_drawing.Raster, _pixels);
        MnistPreprocessing.Normalise(_pixels, _input);
        long prepared = Stopwatch.GetTimestamp();
        _digit = _session.Predict(_input, _probabilities);
        _preprocessTime = Stopwatch.GetElapsedTime(start, prepared);
        _predictTime = Stopwatch.GetElapsedTime(prepared);
    }

    private void Clear()
    {
        _drawing.Clear();
        _module?.InvokeVoid("clear", _inkCanvas);
        Classify();
    }

    /// <summary>Times <see cref="SpeedRuns"/> predictions of the current input (performance.now is too coarse for one).</summary>
    private void MeasureSpeed()
    {
        MnistPreprocessing.Normalise(_pixels, _input);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < SpeedRuns; i++)
        {
            _session.Predict(_input, _probabilities);
        }

        _speedMicroseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds / SpeedRuns;
        _speed = $"{_speedMicroseconds:F0} µs per prediction (mean of {SpeedRuns})";
        Classify();
    }

    private async Task TrainAsync()
    {
        _stopRequested = false;
        _testCorrect = null;
        if (_data is null)
        {
            _trainingState = "loading data";
            StateHasChanged();
            try
            {
                _data = await LoadTrainingDataAsync();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException)
            {
                _trainingState = $"could not load the training data: {e.Message}";
                return;
            }
        }

        _run = new TrainingRun(_session, _data.Train, Math.Clamp(_epochs, 1, 20));
        _trainingState = "training";
        _longestFrameGap = TimeSpan.Zero;
        _frames = 0;
        long frame = Stopwatch.GetTimestamp();
        while (!_run.IsFinished && !_stopRequested)
        {
            _run.RunFor(TimeSpan.FromMilliseconds(TrainingSliceMilliseconds));
            StateHasChanged();
            // Not a continuation but a frame: the browser renders and handles input before the next slice.
            await _module!.InvokeVoidAsync("nextFrame");
            // How long the page went without a frame, once the interpreter has prepared the kernels (first steps).
            if (_run.Step > WarmUpSteps)
            {
                _longestFrameGap = TimeSpan.FromTicks(Math.Max(_longestFrameGap.Ticks, Stopwatch.GetElapsedTime(frame).Ticks));
                _frames++;
            }

            frame = Stopwatch.GetTimestamp();
        }

        if (_run.Step == 0)
        {
            // Stopped before the first step: the weights that classify stay as they were.
            _trainingState = "stopped";
            return;
        }

        _trainingState = "testing";
        StateHasChanged();
        await _module!.InvokeVoidAsync("nextFrame");
        _session.UseTrainedNetwork();
        _usingTrained = true;
        _weightsName = $"trained here ({_run.Step} steps)";
        _testCount = _data.Test.Count;
        _testCorrect = _session.CountCorrect(_data.Test.Images, _data.Test.Labels);
        _trainingState = _run.IsFinished ? "finished" : "stopped";
        Classify();
    }

    private void Stop()
    {
        _stopRequested = true;
        _trainingState = "stopping";
    }

    private async Task DownloadAsync()
    {
        byte[] weights = _session.SaveWeights();
        await _module!.InvokeVoidAsync("download", _usingTrained ? "lenet5-browser.safetensors" : WeightsFile, weights);
    }

    private void UseShippedWeights()
    {
        _session.LoadWeights(_shippedWeights);
        _usingTrained = false;
        _weightsName = "shipped (trained on .NET, 99.15 % on MNIST's test set)";
        Classify();
    }

    /// <summary>Fetches the shipped MNIST subset into the in-memory file system and reads it.</summary>
    private async Task<TrainingData> LoadTrainingDataAsync()
    {
        string directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), TrainingData.Folder)).FullName;
        foreach (string name in TrainingData.FileNames)
        {
            byte[] bytes = await Http.GetByteArrayAsync($"{TrainingData.Folder}/{name}");
            await File.WriteAllBytesAsync(Path.Combine(directory, name), bytes);
        }

        return TrainingData.Load(directory);
    }

    private static string Percent(float p) => (100 * p).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}
