using System.Text.RegularExpressions;
using LeNet.Generated.Tests.Infrastructure;

namespace LeNet.Generated.Tests;

/// <summary>
/// The generator's folders are its pipeline, and dependencies run one way: a stage's files use only the
/// stages before it (and the shared infrastructure), so parse → validate → plan → emit reads top to bottom.
/// </summary>
public sealed partial class GeneratorStructureTests
{
    private static readonly string[] Stages = ["Infrastructure", "Parse", "Validate", "Plan", "Emit"];

    [Fact]
    public void EachStageUsesOnlyTheStagesBeforeIt()
    {
        string root = RepositoryFiles.File("generators/LeNet.Generated.Generator");
        var violations = new List<string>();
        int files = 0;
        for (int stage = 0; stage < Stages.Length; stage++)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, Stages[stage]), "*.cs", SearchOption.AllDirectories))
            {
                files++;
                string text = File.ReadAllText(file);
                Assert.Matches($@"namespace LeNet\.Generated\.Generator\.{Stages[stage]};", text);
                foreach (Match reference in StageReference().Matches(text))
                {
                    int used = Array.IndexOf(Stages, reference.Groups[1].Value);
                    if (used > stage)
                    {
                        violations.Add($"{Path.GetRelativePath(root, file)} ({Stages[stage]}) uses {Stages[used]}");
                    }
                }
            }
        }

        Assert.True(files > 30, $"only {files} files found under {root}");
        Assert.Empty(violations);
    }

    [GeneratedRegex(@"LeNet\.Generated\.Generator\.(Infrastructure|Parse|Validate|Plan|Emit)\b")]
    private static partial Regex StageReference();
}
