namespace LeNet.Browser.Tests.Infrastructure;

/// <summary>Publishes samples/LeNet.Browser (Release) as a user deploying it would, once per test run.</summary>
internal static class PublishedApp
{
    /// <summary>Extra arguments for `dotnet publish`, e.g. -p:WasmEnableSIMD=false (which needs the wasm-tools workload).</summary>
    public const string ArgumentsVariable = "LENET_BROWSER_PUBLISH_ARGS";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    /// <summary>Publishes into a folder of the test output and returns it; its wwwroot is the site.</summary>
    public static string Publish()
    {
        string extra = Environment.GetEnvironmentVariable(ArgumentsVariable) ?? "";
        string output = Path.Combine(AppContext.BaseDirectory, extra.Length == 0 ? "published-app" : "published-app-custom");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        string[] arguments =
        [
            "publish", RepositoryFiles.File("samples/LeNet.Browser/LeNet.Browser.csproj"), "-c", "Release", "-o", output,
            "-nodeReuse:false", "-p:UseSharedCompilation=false",
            .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ];
        DotnetCli.Run(RepositoryFiles.Root, Timeout, arguments);
        return output;
    }
}
