namespace LeNet.Inference;

/// <summary>Images read from one input: <see cref="Count"/> 28×28 8-bit grayscale images, one after another.</summary>
/// <param name="Source">The file name, or <c>stdin</c>, for messages.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Pixels">Count × 784 pixels, each image row-major.</param>
public sealed record InputImages(string Source, int Count, byte[] Pixels)
{
    /// <summary>Rows and columns of every image.</summary>
    public const int Side = 28;

    /// <summary>Reads an IDX image file (raw or gzip), a PGM (P5 or P2) or a PNG file, recognised by its first bytes.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is none of these formats, is damaged, or its images are not 28×28.</exception>
    public static InputImages ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found; expected an IDX, PGM or PNG image file.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (Png.IsPng(bytes) || Pgm.IsPgm(bytes))
        {
            return Single(path, bytes);
        }

        if (bytes.Length >= 4 && ((bytes[0] == 0x1f && bytes[1] == 0x8b) || (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 8)))
        {
            LeNet.Generated.Data.IdxImages idx = LeNet.Generated.Data.Idx.ReadImages(path);
            if (idx.Rows != Side || idx.Columns != Side)
            {
                throw new InvalidDataException($"{path}: images of {idx.Rows}×{idx.Columns} pixels; expected {Side}×{Side}.");
            }

            return new InputImages(path, idx.Count, idx.Pixels);
        }

        throw new InvalidDataException($"{path}: not an image file this sample reads; expected an IDX image file (magic 0x00000803, raw or gzip), a PGM (P5 or P2) or a PNG.");
    }

    /// <summary>
    /// Reads standard input's bytes: a PGM or PNG image, or text with one image per line, 784
    /// whitespace-separated pixel values 0 to 255 (blank lines are skipped).
    /// </summary>
    /// <exception cref="InvalidDataException">The input is none of these, or a line does not hold 784 values 0 to 255.</exception>
    public static InputImages ReadStandardInput(byte[] bytes, string source = "stdin")
    {
        if (Png.IsPng(bytes) || Pgm.IsPgm(bytes))
        {
            return Single(source, bytes);
        }

        var pixels = new List<byte>();
        int count = 0;
        string[] lines = System.Text.Encoding.ASCII.GetString(bytes).Split('\n');
        for (int line = 0; line < lines.Length; line++)
        {
            string[] values = lines[line].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (values.Length == 0)
            {
                continue;
            }

            if (values.Length != Side * Side)
            {
                throw new InvalidDataException($"{source}: line {line + 1} has {values.Length} values; expected {Side * Side} pixels (0 to 255) per line, or a PGM or PNG image.");
            }

            foreach (string value in values)
            {
                if (!byte.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out byte pixel))
                {
                    throw new InvalidDataException($"{source}: line {line + 1} has the value '{value}'; expected whole numbers 0 to 255.");
                }

                pixels.Add(pixel);
            }

            count++;
        }

        if (count == 0)
        {
            throw new InvalidDataException($"{source}: no images; expected lines of {Side * Side} pixels (0 to 255), or a PGM or PNG image.");
        }

        return new InputImages(source, count, pixels.ToArray());
    }

    private static InputImages Single(string source, byte[] bytes)
    {
        (int width, int height, byte[] pixels) = Png.IsPng(bytes) ? Png.Decode(bytes, source) : Pgm.Decode(bytes, source);
        if (width != Side || height != Side)
        {
            throw new InvalidDataException($"{source}: a {width}×{height} image; expected {Side}×{Side} pixels.");
        }

        return new InputImages(source, 1, pixels);
    }
}
