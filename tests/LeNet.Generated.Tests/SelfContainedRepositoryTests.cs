using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The repository stands alone: no committed text may send a reader to files outside it, such as a
/// folder beside the clone or a performance notes file kept there, which a reader of the repository
/// cannot open. Every figure and reason belongs in the repository's own files.
/// </summary>
public sealed class SelfContainedRepositoryTests
{
    // Split so that this file does not match itself.
    private static readonly string[] Forbidden = ["../" + "shared", "PERFORMANCE" + ".md"];

    private static readonly string[] Extensions = [".md", ".cs", ".csproj", ".props", ".py", ".sh"];

    /// <summary>Build output, generated snapshots, run outputs and tool folders: not committed text.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "Snapshots", "artifacts", "BenchmarkDotNet.Artifacts", "TestResults", "runs", "__pycache__", ".vs", ".idea",
    };

    [Fact]
    public void NoCommittedTextPointsOutsideTheRepository()
    {
        var mentions = new List<string>();
        foreach (string relative in TextFiles())
        {
            string[] lines = File.ReadAllLines(RepositoryFiles.File(relative));
            for (int i = 0; i < lines.Length; i++)
            {
                if (Forbidden.Any(f => lines[i].Contains(f, StringComparison.Ordinal)))
                {
                    mentions.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(mentions.Count == 0, $"Text that points outside the repository (state the fact here instead):{Environment.NewLine}{string.Join(Environment.NewLine, mentions)}");
    }

    [Fact]
    public void TheScanReadsTheRepositorysTextAndSkipsBuildOutput()
    {
        List<string> files = TextFiles().ToList();

        Assert.Contains("README.md", files);
        Assert.Contains(".ci/run", files);
        Assert.Contains("benchmarks/README.md", files);
        Assert.Contains("benchmarks/peers/pytorch_lenet5.py", files);
        Assert.Contains("samples/LeNet.Inference/publish-aot.sh", files);
        Assert.Contains("tests/LeNet.Generated.Tests/SelfContainedRepositoryTests.cs", files);
        Assert.DoesNotContain(files, f => f.Split('/').Any(SkippedFolders.Contains));
    }

    /// <summary>Paths relative to the repository root, with '/' separators.</summary>
    private static IEnumerable<string> TextFiles() =>
        Walk(new DirectoryInfo(RepositoryFiles.Root))
            .Where(f => Extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase) || f.Directory!.Name == ".ci")
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f.FullName).Replace(Path.DirectorySeparatorChar, '/'));

    private static IEnumerable<FileInfo> Walk(DirectoryInfo directory)
    {
        foreach (FileInfo file in directory.EnumerateFiles())
        {
            yield return file;
        }

        foreach (DirectoryInfo child in directory.EnumerateDirectories().Where(d => !SkippedFolders.Contains(d.Name)))
        {
            foreach (FileInfo file in Walk(child))
            {
                yield return file;
            }
        }
    }
}
