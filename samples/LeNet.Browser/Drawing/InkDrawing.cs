namespace LeNet.Browser.Drawing;

/// <summary>
/// The strokes drawn on the canvas and their <see cref="InkRaster"/>, kept up to date point by point:
/// a stroke's first point inks a dot, every further point the segment from the point before it.
/// </summary>
public sealed class InkDrawing
{
    /// <summary>Side of the square drawing canvas in pixels: ten canvas pixels per MNIST pixel.</summary>
    public const int CanvasSize = 280;

    /// <summary>
    /// Radius of the brush in canvas pixels. A digit drawn about 200 pixels tall comes out of
    /// <see cref="MnistPreprocessing"/> with strokes about 2.5 pixels wide, as MNIST's are.
    /// </summary>
    public const double BrushRadius = 12;

    private readonly List<List<InkPoint>> _strokes = [];

    /// <summary>Creates an empty drawing on a canvas of <paramref name="size"/> × <paramref name="size"/> pixels.</summary>
    public InkDrawing(int size = CanvasSize, double brushRadius = BrushRadius) => Raster = new InkRaster(size, size, brushRadius);

    /// <summary>The ink of every stroke so far.</summary>
    public InkRaster Raster { get; }

    /// <summary>The strokes so far, each the points of one press-drag-release.</summary>
    public IReadOnlyList<IReadOnlyList<InkPoint>> Strokes => _strokes;

    /// <summary>Points in all strokes.</summary>
    public int PointCount { get; private set; }

    /// <summary>Starts a stroke at <paramref name="point"/>.</summary>
    public void BeginStroke(InkPoint point)
    {
        _strokes.Add([point]);
        PointCount++;
        Raster.Segment(point, point);
    }

    /// <summary>Extends the current stroke to <paramref name="point"/>; starts one if there is none.</summary>
    public void ExtendStroke(InkPoint point)
    {
        if (_strokes.Count == 0)
        {
            BeginStroke(point);
            return;
        }

        List<InkPoint> stroke = _strokes[^1];
        InkPoint last = stroke[^1];
        stroke.Add(point);
        PointCount++;
        Raster.Segment(last, point);
    }

    /// <summary>Removes every stroke.</summary>
    public void Clear()
    {
        _strokes.Clear();
        PointCount = 0;
        Raster.Clear();
    }

    /// <summary>A drawing of <paramref name="strokes"/>, as if drawn one after another.</summary>
    public static InkDrawing From(IEnumerable<IReadOnlyList<InkPoint>> strokes, int size = CanvasSize, double brushRadius = BrushRadius)
    {
        var drawing = new InkDrawing(size, brushRadius);
        foreach (IReadOnlyList<InkPoint> stroke in strokes)
        {
            for (int i = 0; i < stroke.Count; i++)
            {
                if (i == 0)
                {
                    drawing.BeginStroke(stroke[i]);
                }
                else
                {
                    drawing.ExtendStroke(stroke[i]);
                }
            }
        }

        return drawing;
    }
}
