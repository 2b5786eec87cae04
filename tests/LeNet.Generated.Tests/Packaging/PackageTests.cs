using System.IO.Compression;
using System.Xml.Linq;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests.Packaging;

/// <summary>
/// `dotnet pack` makes one LeNet.Generated package (runtime library under lib/, generator under
/// analyzers/dotnet/cs, no dependencies), and a fresh console project outside the solution that
/// takes it from a local folder declares a network, builds with warnings as errors, trains and runs.
/// The one slow test (15 to 45 s on 2 cores, depending on load): filter it out with <c>--filter Category!=Package</c>.
/// </summary>
public sealed class PackageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    [Trait("Category", "Package")]
    public void AFreshProjectConsumesThePackageFromALocalFolder()
    {
        using var work = new TemporaryDirectory();
        string feed = Directory.CreateDirectory(work.File("feed")).FullName;
        string project = Directory.CreateDirectory(work.File("Consumer")).FullName;
        const string Version = "0.1.0-packtest";

        // Into a separate output folder so the solution's own build outputs are neither used nor disturbed.
        DotnetCli.Run(RepositoryFiles.Root, Timeout,
            "pack", RepositoryFiles.File("src/LeNet.Generated/LeNet.Generated.csproj"), "-c", "Release", "-o", feed,
            $"-p:Version={Version}", "--artifacts-path", work.File("artifacts"), "-nodeReuse:false", "-p:UseSharedCompilation=false");

        CheckPackage(Path.Combine(feed, $"LeNet.Generated.{Version}.nupkg"));
        Assert.True(File.Exists(Path.Combine(feed, $"LeNet.Generated.{Version}.snupkg")), "expected a symbols package next to the package");

        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{work.File("packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LeNet.Generated" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using LeNet.Generated;
            using LeNet.Generated.Optimizers;

            var network = new TinyNet(seed: 1);
            var images = new float[4 * TinyNet.InputLength];
            for (int i = 0; i < images.Length; i++) images[i] = (i % 7) / 7f;
            int[] labels = [0, 1, 2, 0];
            var sgd = new Sgd<float>(TinyNet.ParameterCount, learningRate: 0.1f);
            float first = network.TrainStep(images, labels, sgd);
            float loss = first;
            for (int step = 0; step < 50; step++) loss = network.TrainStep(images, labels, sgd);
            Console.WriteLine($"parameters {TinyNet.ParameterCount}");
            Console.WriteLine($"loss fell {loss < first} ({first} to {loss})");
            Console.WriteLine($"first tensor {TinyNet.ParameterTensors[0].Name}");

            [Network(Channels = 1, Height = 6, Width = 6)]
            [Conv2d(2, KernelSize = 3), ReLU]
            [MaxPool2d(2)]
            [Linear(3)]
            public sealed partial class TinyNet;
            """);

        string output = DotnetCli.Run(project, Timeout, "run", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");

        // conv 2×1×3×3 + 2, linear 3×(2·2·2) + 3: counted by hand.
        Assert.Contains("parameters 47", output);
        Assert.Contains("loss fell True", output);
        Assert.Contains("first tensor conv1.weight", output);
        string bin = Path.Combine(project, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "LeNet.Generated.dll")), "expected the runtime library next to the app");
        Assert.Empty(Directory.GetFiles(bin, "*CodeAnalysis*").Concat(Directory.GetFiles(bin, "LeNet.Generated.Generator*")));
    }

    private static void CheckPackage(string path)
    {
        using ZipArchive package = ZipFile.OpenRead(path);
        string[] files = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("lib/net10.0/LeNet.Generated.dll", files);
        Assert.Contains("lib/net10.0/LeNet.Generated.xml", files);
        Assert.Contains("analyzers/dotnet/cs/LeNet.Generated.Generator.dll", files);
        Assert.Contains("README.md", files);
        Assert.DoesNotContain(files, f => f.Contains("CodeAnalysis", StringComparison.OrdinalIgnoreCase) || f.StartsWith("lib/netstandard", StringComparison.Ordinal));

        using Stream nuspec = package.GetEntry("LeNet.Generated.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("LeNet.Generated", Value("id"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        // The generator's Roslyn and PolySharp references must not become the consumer's dependencies.
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }
}
