namespace LeNet.Browser;

/// <summary>What <see cref="DigitPage.Snapshot"/> returns to JavaScript (as JSON, camel case).</summary>
/// <param name="Strokes">Each stroke's points as [x, y] in canvas pixels.</param>
/// <param name="Points">Points in all strokes.</param>
/// <param name="Pixels">The 28×28 input image, base64.</param>
/// <param name="Digit">The predicted digit, −1 with nothing drawn.</param>
/// <param name="Probabilities">The ten probabilities, empty with nothing drawn.</param>
/// <param name="PredictMilliseconds">How long the last prediction took.</param>
/// <param name="ReadyMilliseconds">performance.now() when the weights were loaded and a first prediction made.</param>
/// <param name="SpeedMicroseconds">Mean time of one prediction from "Measure prediction time", if pressed.</param>
/// <param name="VectorLanes">Images per lane group of the kernels the page runs (VectorWidths.Best).</param>
/// <param name="Simd">Vector128.IsHardwareAccelerated.</param>
/// <param name="Weights">Which weights classify.</param>
/// <param name="TrainingState">idle, loading data, training, stopping, testing, finished or stopped.</param>
/// <param name="Step">Training steps taken.</param>
/// <param name="TotalSteps">Training steps in the run.</param>
/// <param name="Losses">The mean loss of each training step.</param>
/// <param name="ImagesPerSecond">Training images per second of step time.</param>
/// <param name="Frames">Frames the page drew between training slices, after its first three steps.</param>
/// <param name="LongestFrameGapMilliseconds">The longest time between two frames the page drew while it trained, after its first three steps.</param>
/// <param name="TestCorrect">Test images the trained network classifies right, once tested.</param>
/// <param name="TestCount">Test images.</param>
public sealed record PageSnapshot(
    double[][][] Strokes,
    int Points,
    string Pixels,
    int Digit,
    float[] Probabilities,
    double PredictMilliseconds,
    double ReadyMilliseconds,
    double? SpeedMicroseconds,
    int VectorLanes,
    bool Simd,
    string Weights,
    string TrainingState,
    int Step,
    int TotalSteps,
    float[] Losses,
    double ImagesPerSecond,
    int Frames,
    double LongestFrameGapMilliseconds,
    int? TestCorrect,
    int TestCount);
