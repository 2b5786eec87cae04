namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from, found by walking up from the test assembly (as the training sample's DataLocator does).</summary>
internal static class RepositoryFiles
{
    /// <summary>The directory holding LeNet.Generated.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full MNIST set, data/mnist.</summary>
    public static string Mnist => Path.Combine(Root, "data", "mnist");

    /// <summary>The full path of <paramref name="relative"/> (with '/' separators) under the root.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "LeNet.Generated.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No LeNet.Generated.sln above {AppContext.BaseDirectory}; expected the tests to run inside a clone.");
    }
}
