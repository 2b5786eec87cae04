namespace LeNet.Browser.Drawing;

/// <summary>A point of a stroke in canvas pixels, measured from the canvas's top-left corner (CSS pixels in the page).</summary>
public readonly record struct InkPoint(double X, double Y);
