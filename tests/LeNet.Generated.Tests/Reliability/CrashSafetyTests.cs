using System.Diagnostics;
using LeNet.Generated.CrashWriter;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Training;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>The crash writer's network, declared again so checkpoints load by the same type name.</summary>
[Network(Channels = 1, Height = 28, Width = 28)]
[Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
[AvgPool2d(2)]
[Conv2d(16, KernelSize = 5), Tanh]
[AvgPool2d(2)]
[Linear(120), Tanh]
[Linear(84), Tanh]
[Linear(10)]
public sealed partial class CheckpointedNet;

/// <summary>
/// Kills a process that writes checkpoints in a loop (tests/LeNet.Generated.CrashWriter) at random
/// moments, many times: after every kill the checkpoint on disk loads and is complete, every value
/// the one its recorded step implies, and the next run resumes from it.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    public const int DefaultKills = 40;

    [Fact]
    public void TheLatestCheckpointAlwaysLoadsAfterAKill()
    {
        int kills = PropertySettings.Count("LENET_CRASH_KILLS", DefaultKills);
        using var directory = new TemporaryDirectory();
        string checkpoint = directory.File("checkpoint.safetensors");
        var random = new Random((int)PropertySettings.Seed);
        var network = new CheckpointedNet(2);
        var adam = new Adam<float>(CheckpointedNet.ParameterCount, 1e-3f);
        long previous = -1;
        for (int kill = 0; kill < kills; kill++)
        {
            using Process writer = Start(checkpoint);
            WaitForAStepAfter(checkpoint, previous, writer);
            Thread.Sleep(random.Next(0, 60));
            writer.Kill(entireProcessTree: true);
            Assert.True(writer.WaitForExit(10_000), "The killed crash writer did not exit.");

            CheckpointInfo info = Checkpoint.Load(checkpoint, network, adam);
            long step = info.OptimizerSteps;
            Assert.Equal(step.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["step"]);
            Assert.True(step > previous, $"Checkpoint step {step} after {previous}: the writer did not resume from the last checkpoint.");
            for (int i = 0; i < CheckpointedNet.ParameterCount; i++)
            {
                Assert.Equal(Expected.Value(step, i), network.Parameters[i]);
            }

            for (int i = 0; i < adam.State.Length; i++)
            {
                Assert.Equal(Expected.Value(step, CheckpointedNet.ParameterCount + i), adam.State[i]);
            }

            previous = step;
        }

        // A kill mid-write leaves its temporary file behind (never renamed, never read); count them as evidence the kills landed mid-write.
        int midWrite = directory.FileNames().Count(name => name.Contains(".tmp-", StringComparison.Ordinal));
        output.WriteLine($"{kills} kills; last checkpoint step {previous}; {midWrite} kills landed mid-write");
    }

    /// <summary>Polls until this run of the writer has saved a checkpoint of its own, so each kill can land mid-write.</summary>
    private static void WaitForAStepAfter(string checkpoint, long previous, Process writer)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.False(writer.HasExited, $"The crash writer exited with code {(writer.HasExited ? writer.ExitCode : 0)}.");
            if (File.Exists(checkpoint)
                && long.Parse(Weights.SafeTensors.ReadMetadata(checkpoint)["step"], System.Globalization.CultureInfo.InvariantCulture) > previous)
            {
                return;
            }

            Thread.Sleep(5);
        }

        Assert.Fail("The crash writer saved no checkpoint within 20 s.");
    }

    private static Process Start(string checkpoint)
    {
        // tests/LeNet.Generated.Tests/bin/<Configuration>/net10.0 → tests/LeNet.Generated.CrashWriter/bin/<Configuration>/net10.0
        string output = AppContext.BaseDirectory.Replace("LeNet.Generated.Tests", "LeNet.Generated.CrashWriter", StringComparison.Ordinal);
        string dll = Path.Combine(output, "LeNet.Generated.CrashWriter.dll");
        Assert.True(File.Exists(dll), $"Expected the crash writer at {dll}; it is built with the test project.");
        var start = new ProcessStartInfo("dotnet", [dll, checkpoint])
        {
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }
}
