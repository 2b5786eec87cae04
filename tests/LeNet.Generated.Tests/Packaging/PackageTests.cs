using System.IO.Compression;
using System.Xml.Linq;
using LeNet.Generated.Data;
using LeNet.Generated.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Packaging;

/// <summary>
/// `dotnet pack` makes one LeNet.Generated package (the runtime library under lib/net8.0 and
/// lib/net10.0, the generator under analyzers/dotnet/cs, no dependencies), and a fresh console
/// project outside the solution that takes it from a local folder declares networks, builds with
/// warnings as errors, trains and runs: as a net10.0 app, and as a net8.0 app published
/// self-contained for linux-x64, which must classify MNIST as the net10.0 app does.
/// The slow tests (about two minutes together on 2 cores, more under load): filter them out with
/// <c>--filter Category!=Package</c>.
/// </summary>
public sealed class PackageTests(PackedConsumer consumer, ITestOutputHelper output) : IClassFixture<PackedConsumer>
{
    /// <summary>MNIST test images both apps classify: 62 groups of 8 through the batch kernels and 4 left over for the per-image ones.</summary>
    private const int Images = 500;

    /// <summary>
    /// The largest difference allowed between the two apps' float logits. net8.0 has no
    /// <c>Vector.MultiplyAddEstimate</c>: its kernels round each product before adding it, where the
    /// net10.0 ones fuse the two on a processor with FMA.
    /// </summary>
    private const float LogitTolerance = 2e-5f;

    [Fact]
    [Trait("Category", "Package")]
    public void AFreshProjectConsumesThePackageFromALocalFolder()
    {
        CheckPackage(consumer.Package);
        Assert.True(File.Exists(Path.ChangeExtension(consumer.Package, ".snupkg")), "expected a symbols package next to the package");

        string run = DotnetCli.Run(consumer.Project, PackedConsumer.Timeout, Path.Combine(consumer.Net10Output, "Consumer.dll"));

        // conv 2×1×3×3 + 2, linear 3×(2·2·2) + 3: counted by hand.
        Assert.Contains("parameters 47", run);
        Assert.Contains("loss fell True", run);
        Assert.Contains("first tensor conv1.weight", run);
        Assert.True(File.Exists(Path.Combine(consumer.Net10Output, "LeNet.Generated.dll")), "expected the runtime library next to the app");
        Assert.Empty(Directory.GetFiles(consumer.Net10Output, "*CodeAnalysis*").Concat(Directory.GetFiles(consumer.Net10Output, "LeNet.Generated.Generator*")));
        output.WriteLine($"pack {consumer.PackTime.TotalSeconds:F1} s, net10.0 build {consumer.Net10BuildTime.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The same weights (samples/LeNet.Inference/lenet5.safetensors) and images give the same predictions
    /// on .NET 8 as on .NET 10 and logits within <see cref="LogitTolerance"/>; ten SGD steps of LeNet-5 and
    /// of a double network with sigmoid and the scaled tanh give the same losses to 1e-4 and 1e-9 relative;
    /// and the .NET 8 app is not several times slower.
    /// </summary>
    [Fact]
    [Trait("Category", "Package")]
    public void ANet8AppPublishedSelfContainedClassifiesAsTheNet10AppDoes()
    {
        string published = Path.Combine(consumer.Project, "net8-linux-x64");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        DotnetCli.Run(consumer.Project, PackedConsumer.Timeout,
            "publish", "-f", "net8.0", "-r", "linux-x64", "--self-contained", "-c", "Release", "-o", published, "-nodeReuse:false", "-p:UseSharedCompilation=false");
        TimeSpan publish = clock.Elapsed;
        Assert.True(File.Exists(Path.Combine(published, "libcoreclr.so")), "expected the .NET runtime in the self-contained app");
        Assert.Empty(Directory.GetFiles(published, "*CodeAnalysis*").Concat(Directory.GetFiles(published, "LeNet.Generated.Generator*")));

        string weights = RepositoryFiles.File("samples/LeNet.Inference/lenet5.safetensors");
        string net8File = Path.Combine(consumer.Project, "net8.bin"), net10File = Path.Combine(consumer.Project, "net10.bin");
        string net8 = DotnetCli.RunProgram(Path.Combine(published, "Consumer"), consumer.Project, PackedConsumer.Timeout,
            "compare", weights, RepositoryFiles.Mnist, Images.ToString(System.Globalization.CultureInfo.InvariantCulture), net8File);
        string net10 = DotnetCli.Run(consumer.Project, PackedConsumer.Timeout, Path.Combine(consumer.Net10Output, "Consumer.dll"),
            "compare", weights, RepositoryFiles.Mnist, Images.ToString(System.Globalization.CultureInfo.InvariantCulture), net10File);
        output.WriteLine($"net8.0 publish {publish.TotalSeconds:F1} s\nnet8.0:  {net8.Trim()}\nnet10.0: {net10.Trim()}");

        Assert.Contains("runtime 8.0.", net8);
        Assert.Contains("runtime 10.0.", net10);
        ConsumerResults a = ConsumerResults.Read(net8File), b = ConsumerResults.Read(net10File);
        Assert.Equal(b.Predictions, a.Predictions);
        Assert.Contains($"correct {b.Predictions.Where((p, i) => p == Labels.Value[i]).Count()} of {Images}", net8);
        float largest = a.Logits.Zip(b.Logits, (x, y) => MathF.Abs(x - y)).Max();
        output.WriteLine($"largest logit difference {largest:G3}");
        Assert.True(largest <= LogitTolerance, $"largest logit difference {largest}; expected at most {LogitTolerance}");
        Assert.All(a.Losses.Zip(b.Losses), l => Assert.Equal(l.Second, l.First, 1e-4f * l.Second));
        Assert.All(a.SmoothLogits.Zip(b.SmoothLogits), l => Assert.Equal(l.Second, l.First, 1e-9 * Math.Max(1, Math.Abs(l.Second))));
        Assert.All(a.SmoothLosses.Zip(b.SmoothLosses), l => Assert.Equal(l.Second, l.First, 1e-9 * l.Second));

        // A multiply-add the JIT does not inline, or a kernel it gives up optimising, costs several times
        // over (5-7× was seen); the spelling net8.0 gets costs about a third.
        double rate8 = ImagesPerSecond(net8), rate10 = ImagesPerSecond(net10);
        Assert.True(rate8 >= rate10 / 3, $"net8.0 classified {rate8:F0} images/s, net10.0 {rate10:F0}; expected at least a third as many");
    }

    private static double ImagesPerSecond(string run) =>
        double.Parse(run.Split('\n').Single(l => l.StartsWith("images/s ", StringComparison.Ordinal))["images/s ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Lazy<int[]> Labels = new(() => MnistDataset.Load(RepositoryFiles.Mnist, train: false).Take(Images).Labels);

    private static void CheckPackage(string path)
    {
        using ZipArchive package = ZipFile.OpenRead(path);
        string[] files = package.Entries.Select(e => e.FullName).ToArray();
        foreach (string framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/LeNet.Generated.dll", files);
            Assert.Contains($"lib/{framework}/LeNet.Generated.xml", files);
        }

        Assert.Contains("analyzers/dotnet/cs/LeNet.Generated.Generator.dll", files);
        Assert.Contains("README.md", files);
        Assert.DoesNotContain(files, f => f.Contains("CodeAnalysis", StringComparison.OrdinalIgnoreCase) || f.StartsWith("lib/netstandard", StringComparison.Ordinal));

        using Stream nuspec = package.GetEntry("LeNet.Generated.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("LeNet.Generated", Value("id"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal(LeNet.Generated.Generator.Infrastructure.Repository.Url, Value("projectUrl")); // where the diagnostics' help links point
        // The generator's Roslyn and PolySharp references must not become the consumer's dependencies.
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    /// <summary>What the consumer's <c>compare</c> mode wrote, in its order.</summary>
    private sealed record ConsumerResults(float[] Logits, int[] Predictions, float[] Losses, double[] SmoothLogits, double[] SmoothLosses)
    {
        public static ConsumerResults Read(string path)
        {
            using var input = new BinaryReader(File.OpenRead(path));
            T[] Read<T>(int n, Func<T> read) => [.. Enumerable.Range(0, n).Select(_ => read())];
            var results = new ConsumerResults(
                Read(Images * 10, input.ReadSingle), Read(Images, input.ReadInt32), Read(10, input.ReadSingle), Read(Images * 10, input.ReadDouble), Read(10, input.ReadDouble));
            Assert.Equal(input.BaseStream.Length, input.BaseStream.Position);
            return results;
        }
    }
}
