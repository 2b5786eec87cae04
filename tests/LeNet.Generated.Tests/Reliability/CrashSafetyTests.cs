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
/// Kills a process that writes checkpoints in a loop (tests/LeNet.Generated.CrashWriter) many times:
/// half the kills at a random moment, half as soon as a new checkpoint's temporary file appears. A
/// kill that leaves such a file behind landed mid-write, before the rename; at least one must. After
/// every kill the checkpoint on disk loads and is complete, every value the one its recorded step
/// implies; it is the last one the writer reported saved, or the one after (saved, not yet
/// reported); and the next run resumes from it.
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
        int midWrite = 0, midWriteOfTheTimed = 0;
        for (int kill = 0; kill < kills; kill++)
        {
            string[] temporaries = Temporaries(directory);
            var saved = new SavedSteps();
            using Process writer = Start(checkpoint, saved);
            WaitForAStepAfter(checkpoint, previous, writer);
            bool timed = kill % 2 == 0;
            if (timed)
            {
                Thread.Sleep(random.Next(0, 60));
            }
            else
            {
                WaitForANewTemporary(directory, temporaries, writer);
            }

            writer.Kill(entireProcessTree: true);
            Assert.True(writer.WaitForExit(10_000), "The killed crash writer did not exit.");
            writer.WaitForExit(); // and its output is read to the end

            // A kill mid-write leaves its temporary file behind: never renamed, never read.
            int left = Temporaries(directory).Except(temporaries).Count();
            Assert.InRange(left, 0, 1);
            midWrite += left;
            midWriteOfTheTimed += timed ? left : 0;

            CheckpointInfo info = Checkpoint.Load(checkpoint, network, adam);
            long step = info.OptimizerSteps;
            Assert.Equal(step.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["step"]);
            Assert.True(step > previous, $"Checkpoint step {step} after {previous}: the writer did not resume from the last checkpoint.");
            long reported = saved.Last >= 0 ? saved.Last : previous; // this run resumed from previous
            Assert.True(step == reported || step == reported + 1, $"Kill {kill}: the checkpoint holds step {step}, but the writer last reported step {reported} saved.");
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

        output.WriteLine($"{kills} kills; last checkpoint step {previous}; {midWrite} kills landed mid-write ({midWriteOfTheTimed} of the {(kills + 1) / 2} at a random moment)");
        Assert.True(midWrite > 0, $"None of the {kills} kills landed while a checkpoint was being written.");
    }

    /// <summary>The last step the writer reported saved (it prints each after <c>Checkpoint.Save</c> returns).</summary>
    private sealed class SavedSteps
    {
        private long _last = -1;

        public long Last => Interlocked.Read(ref _last);

        public void Report(string? line)
        {
            if (long.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long step))
            {
                Interlocked.Exchange(ref _last, step);
            }
        }
    }

    private static string[] Temporaries(TemporaryDirectory directory) =>
        directory.FileNames().Where(name => name.Contains(".tmp-", StringComparison.Ordinal)).ToArray();

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

    /// <summary>Spins until a temporary file appears that was not there before: a checkpoint is being written.</summary>
    private static void WaitForANewTemporary(TemporaryDirectory directory, string[] before, Process writer)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.False(writer.HasExited, $"The crash writer exited with code {(writer.HasExited ? writer.ExitCode : 0)}.");
            if (Temporaries(directory).Except(before).Any())
            {
                return;
            }
        }

        Assert.Fail("The crash writer started no checkpoint within 20 s.");
    }

    private static Process Start(string checkpoint, SavedSteps saved)
    {
        // tests/LeNet.Generated.Tests/bin/<Configuration>/net10.0 → tests/LeNet.Generated.CrashWriter/bin/<Configuration>/net10.0
        string output = AppContext.BaseDirectory.Replace("LeNet.Generated.Tests", "LeNet.Generated.CrashWriter", StringComparison.Ordinal);
        string dll = Path.Combine(output, "LeNet.Generated.CrashWriter.dll");
        Assert.True(File.Exists(dll), $"Expected the crash writer at {dll}; it is built with the test project.");
        var start = new ProcessStartInfo("dotnet", [dll, checkpoint])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => saved.Report(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        return process;
    }
}
