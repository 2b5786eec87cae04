namespace LeNet.Generated.Generator.Infrastructure;

/// <summary>Where the project lives; the package's <c>PackageProjectUrl</c> is the same address (a test holds them equal).</summary>
internal static class Repository
{
    public const string Url = "https://github.com/lenet-generated/LeNet.Generated";

    /// <summary>The section of docs/diagnostics.md about <paramref name="id"/>, where its heading's anchor is the ID in lower case.</summary>
    public static string DiagnosticHelp(string id) => Url + "/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();
}
