namespace LeNet.Generated.Data;

/// <summary>The content of an IDX image file: <paramref name="Count"/> images of <paramref name="Rows"/>×<paramref name="Columns"/> unsigned bytes.</summary>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Rows of each image.</param>
/// <param name="Columns">Columns of each image.</param>
/// <param name="Pixels">Count × Rows × Columns pixels, image after image, each row-major.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
