using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify itself cannot be restored here):
/// <c>Snapshots/{Class}.{Test}.verified.{ext}</c> is committed; on a mismatch the actual text goes to
/// <c>….received.{ext}</c> (git-ignored) and the failure shows a line diff. Review the received file
/// and rename it over the verified one to accept, or set <c>LENET_ACCEPT_SNAPSHOTS=1</c> and re-run.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string extension = "cs", string? name = null, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        string directory = Path.Combine(ProjectDirectory, "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{name ?? test}";
        string verifiedPath = Path.Combine(directory, $"{stem}.verified.{extension}");
        string receivedPath = Path.Combine(directory, $"{stem}.received.{extension}");
        actual = Normalize(actual);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable("LENET_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No verified snapshot {verifiedPath}. Review {receivedPath} and rename it to .verified.{extension} to accept it."
            : $"Snapshot {verifiedPath} differs (- verified, + received; received text in {receivedPath}):\n{Diff(verified, actual)}");
    }

    /// <summary>The test project's directory, baked in at build time (see the .csproj).</summary>
    private static string ProjectDirectory { get; } = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectDirectory").Value!;

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>The changed lines with two lines of context, numbered as in the verified file.</summary>
    private static string Diff(string verified, string received)
    {
        DiffPaneModel diff = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false);
        var text = new StringBuilder();
        int lastShown = -1;
        for (int i = 0; i < diff.Lines.Count; i++)
        {
            bool near = false;
            for (int j = Math.Max(0, i - 2); j <= Math.Min(diff.Lines.Count - 1, i + 2); j++)
            {
                near |= diff.Lines[j].Type != ChangeType.Unchanged;
            }

            if (!near)
            {
                continue;
            }

            if (lastShown >= 0 && i > lastShown + 1)
            {
                text.AppendLine("  ...");
            }

            DiffPiece line = diff.Lines[i];
            string mark = line.Type switch { ChangeType.Inserted => "+", ChangeType.Deleted => "-", _ => " " };
            text.Append(mark).Append(' ').Append(line.Position?.ToString() ?? "    ").Append(": ").AppendLine(line.Text);
            lastShown = i;
        }

        return text.ToString();
    }
}
