using System.Diagnostics;
using System.Xml.Linq;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.Packaging;

/// <summary>
/// Packs LeNet.Generated once into a local folder, writes a fresh console project outside the solution
/// that targets net8.0 and net10.0 and takes the package from that folder alone, and builds its net10.0
/// app. Shared by the package tests; deleted with everything in it afterwards.
/// </summary>
public sealed class PackedConsumer : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly TemporaryDirectory _work = new();

    public PackedConsumer()
    {
        Feed = Directory.CreateDirectory(_work.File("feed")).FullName;
        Project = Directory.CreateDirectory(_work.File("Consumer")).FullName;

        // A version of its own, so no copy of an earlier run in a packages folder can stand in for this one.
        Version = $"0.1.0-packtest-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        // Into a separate output folder so the solution's own build outputs are neither used nor disturbed.
        DotnetCli.Run(RepositoryFiles.Root, Timeout,
            "pack", RepositoryFiles.File("src/LeNet.Generated/LeNet.Generated.csproj"), "-c", "Release", "-o", Feed,
            $"-p:Version={Version}", "--artifacts-path", _work.File("artifacts"), "-nodeReuse:false", "-p:UseSharedCompilation=false");
        PackTime = clock.Elapsed;

        File.WriteAllText(Path.Combine(Project, "nuget.config"), NuGetConfig(Feed));
        File.WriteAllText(Path.Combine(Project, "Consumer.csproj"), ConsumerSources.Project(Version, _work.File("packages"), GlobalPackagesFolder()));
        File.WriteAllText(Path.Combine(Project, "Program.cs"), ConsumerSources.Program);
        File.WriteAllText(Path.Combine(Project, "Networks.cs"), ConsumerSources.Networks);

        clock.Restart();
        DotnetCli.Run(Project, Timeout, "build", "-f", "net10.0", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Net10BuildTime = clock.Elapsed;
    }

    /// <summary>The folder the package was packed into: the consumer's only source for LeNet.Generated.</summary>
    public string Feed { get; }

    /// <summary>The consumer project's directory.</summary>
    public string Project { get; }

    public string Version { get; }

    public TimeSpan PackTime { get; }

    public TimeSpan Net10BuildTime { get; }

    public string Package => Path.Combine(Feed, $"LeNet.Generated.{Version}.nupkg");

    /// <summary>The net10.0 build output.</summary>
    public string Net10Output => Path.Combine(Project, "bin", "Release", "net10.0");

    public void Dispose() => _work.Dispose();

    /// <summary>
    /// LeNet.Generated from the local folder only; anything else (a net8.0 app's runtime pack) from the
    /// repository's own package sources.
    /// </summary>
    private static string NuGetConfig(string feed)
    {
        XElement[] sources = [.. XDocument.Load(RepositoryFiles.File("nuget.config")).Descendants("packageSources").Elements("add")];
        return new XDocument(new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed)),
                sources),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "local"), new XElement("package", new XAttribute("pattern", "LeNet.Generated"))),
                sources.Select(s => new XElement("packageSource", new XAttribute("key", s.Attribute("key")!.Value), new XElement("package", new XAttribute("pattern", "*"))))))).ToString();
    }

    /// <summary>Where restore already keeps packages: read from as a fallback, so a runtime pack there is not downloaded again.</summary>
    private static string? GlobalPackagesFolder()
    {
        string folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? folder : null;
    }
}
