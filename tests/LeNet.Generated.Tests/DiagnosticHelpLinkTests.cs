using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Tests;

/// <summary>
/// Every diagnostic links to its own section of docs/diagnostics.md (the IDE's link on the ID), under the
/// repository address the package publishes as its project URL.
/// </summary>
public sealed partial class DiagnosticHelpLinkTests
{
    public static TheoryData<string> Ids => [.. Descriptors().Select(d => d.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void LinksToItsHeadingInTheCatalogue(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        string prefix = Repository.Url + "/blob/main/docs/diagnostics.md#";

        Assert.StartsWith(prefix, descriptor.HelpLinkUri, StringComparison.Ordinal);
        string anchor = descriptor.HelpLinkUri[prefix.Length..];
        Assert.Equal(id.ToLowerInvariant(), anchor);
        Assert.Contains(anchor, Anchors(File.ReadAllText(RepositoryFiles.File("docs/diagnostics.md"))));
    }

    [Fact]
    public void TheLinksAreUnderThePackagesProjectUrl()
    {
        XDocument project = XDocument.Load(RepositoryFiles.File("src/LeNet.Generated/LeNet.Generated.csproj"));
        string Property(string name) => Assert.Single(project.Descendants(name)).Value;

        Assert.Equal(Repository.Url, Property("PackageProjectUrl"));
        Assert.Equal(Repository.Url, Property("RepositoryUrl"));
    }

    /// <summary>The anchors GitHub gives the catalogue's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    [Fact]
    public void AnchorsAreComputedAsGitHubDoes() =>
        Assert.Equal(new[] { "lenet006", "runtime-errors" }, Anchors("# Diagnostics\n### LENET006\ntext\n## Runtime errors\n").Skip(1));

    private static List<string> Anchors(string markdown) =>
        [.. Heading().Matches(markdown).Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", string.Empty).Replace(' ', '-'))];

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
