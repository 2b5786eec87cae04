namespace LeNet.Training;

/// <summary>Finds the repository's MNIST copy, so the sample runs from anywhere inside a clone.</summary>
internal static class DataLocator
{
    private static readonly string Relative = Path.Combine("data", "mnist");

    public static string FindMnist()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, Relative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find {Relative} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; pass --data with the directory holding the MNIST IDX files.");
    }
}
