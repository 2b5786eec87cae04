using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Weights;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Training;

/// <summary>
/// The training sample (samples/LeNet.Training, built with the tests) as a user runs it, output
/// redirected as in a CI log, on the committed MNIST slice (two epochs of 2,000 steps of 2 images, which
/// run on the scalar kernels: an epoch lasts seconds, so a signal sent after its first quarter lands in it): a
/// SIGINT and then a SIGTERM mid-epoch each stop it after the step in progress with the weights and
/// a checkpoint written, a message and the exact command that resumes; resumed twice, it ends with
/// the same weights as a run never stopped. The output has no escape codes and no line wrapped at 80 columns.
/// </summary>
/// <remarks>Linux: the signals are sent with kill(2).</remarks>
public sealed partial class TrainingSampleTests(ITestOutputHelper output)
{
    private const int Steps = 2000; // 4,000 images in batches of 2
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void SignalsStopMidEpochAndTheResumedRunEndsWithTheUninterruptedWeights()
    {
        // A child inherits an ignored SIGINT, and a shell ignores it for what it starts in the background.
        Assert.False(Ignores(Signal.Interrupt), "SIGINT is ignored in this test process (started in the background by a non-interactive shell?), so the sample cannot see it; run the tests in the foreground.");
        using var work = new TemporaryDirectory();
        var clock = Stopwatch.StartNew();

        Run straight = Start(Sample(work.File("straight"))).WaitForExit();
        Assert.Equal(0, straight.ExitCode);
        CheckPlain(straight.Output);

        string stoppedOut = work.File("stopped");
        Run interrupted = Start(Sample(stoppedOut)).SignalAfter("epoch 1/2  step ", Signal.Interrupt);
        string resume = CheckStopped(interrupted, "SIGINT", 130, stoppedOut, epoch: 1);

        Run resumed = Start(Command(resume)).SignalAfter("epoch 2/2  step ", Signal.Terminate);
        Assert.Contains($"Resumed from {stoppedOut}/checkpoint.safetensors in epoch 1 after step ", resumed.Output);
        string resumeAgain = CheckStopped(resumed, "SIGTERM", 143, stoppedOut, epoch: 2);

        Run finished = Start(Command(resumeAgain)).WaitForExit();
        Assert.Equal(0, finished.ExitCode);
        Assert.Contains($"Resumed from {stoppedOut}/checkpoint.safetensors in epoch 2 after step ", finished.Output);
        Assert.DoesNotContain("warning:", finished.Output);

        Assert.Equal(Weights(work.File("straight")), Weights(stoppedOut));
        output.WriteLine($"four runs in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A resumed run whose options would change what the run does says which and how, from the settings the checkpoint recorded.</summary>
    [Fact]
    public void ResumingWithOtherScheduleOptionsWarnsWhatChanges()
    {
        using var work = new TemporaryDirectory();
        string first = work.File("first");
        Assert.Equal(0, Start(Sample(first, epochs: 1)).WaitForExit().ExitCode);

        Run resumed = Start([Program(), "--resume", Path.Combine(first, "checkpoint.safetensors"), "--epochs", "2", "--lr", "0.01", "--schedule", "step", "--seed", "1"]).WaitForExit();

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("warning: --epochs 2 differs from the checkpoint's 1: the learning-rate schedule spans the new number of epochs, so the run from here on differs from an uninterrupted one.", resumed.Output);
        Assert.Contains("warning: --lr 0.01 differs from the checkpoint's 0.0025: the learning-rate schedule starts from another base rate", resumed.Output);
        Assert.Contains("warning: --schedule step differs from the checkpoint's cosine: the learning rate follows another schedule", resumed.Output);
        Assert.DoesNotContain("--seed", resumed.Output); // given, but the same as the checkpoint's
        Assert.Contains("training  2 epochs, batch 2, adam lr 0.01", resumed.Output); // the rest from the checkpoint
        Assert.Contains("Resumed from", resumed.Output);
        CheckPlain(resumed.Output);
    }

    /// <summary>No escape codes, and lines longer than 80 columns whole.</summary>
    private static void CheckPlain(string text)
    {
        Assert.DoesNotContain('\u001b', text);
        string[] lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("training  ", StringComparison.Ordinal) && l.EndsWith("seed 1", StringComparison.Ordinal) && l.Length > 80);
        Assert.Contains(lines, l => l.StartsWith("conv1  ", StringComparison.Ordinal) && l.EndsWith("+ Tanh()", StringComparison.Ordinal) && l.Length > 80);
        Assert.DoesNotContain(lines, l => l.StartsWith("padding=", StringComparison.Ordinal));
    }

    /// <summary>Checks a run stopped by a signal mid-epoch and returns the command it printed to resume.</summary>
    private static string CheckStopped(Run run, string signal, int exitCode, string directory, int epoch)
    {
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}; expected {exitCode}. Output:\n{run.Output}");
        Match stopped = StoppedMessage().Match(run.Output);
        Assert.True(stopped.Success, $"no stop message in:\n{run.Output}");
        Assert.Equal(signal, stopped.Groups["signal"].Value);
        Assert.Equal(epoch, int.Parse(stopped.Groups["epoch"].Value, System.Globalization.CultureInfo.InvariantCulture));
        int step = int.Parse(stopped.Groups["step"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 1, Steps - 1);
        Assert.Equal($"{Steps}", stopped.Groups["steps"].Value);

        IReadOnlyDictionary<string, string> metadata = SafeTensors.ReadMetadata(Path.Combine(directory, "checkpoint.safetensors"));
        Assert.Equal($"{epoch - 1}", metadata["epoch"]);
        Assert.Equal($"{step}", metadata["epoch_step"]);
        Assert.Equal($"{((epoch - 1) * Steps) + step}", metadata["optimizer_steps"]);
        Assert.True(File.Exists(Path.Combine(directory, "lenet5.safetensors")), "expected the weights beside the checkpoint");
        Assert.Empty(Directory.GetFiles(directory, "*.tmp-*"));
        CheckPlain(run.Output);

        string[] lines = run.Output.Split('\n');
        int at = Array.IndexOf(lines, "Resume with:");
        Assert.True(at >= 0 && at + 1 < lines.Length, $"no resume command in:\n{run.Output}");
        Assert.EndsWith($"--resume {directory}/checkpoint.safetensors", lines[at + 1]);
        return lines[at + 1];
    }

    private static string[] Sample(string directory, int epochs = 2) =>
        [Program(), "--data", Path.Combine(AppContext.BaseDirectory, "Data", "mnist-slice"), "--epochs", $"{epochs}", "--batch-size", "2", "--threads", "1", "--seed", "1", "--out", directory];

    /// <summary>tests/LeNet.Generated.Tests/bin/&lt;Configuration&gt;/net10.0 → samples/LeNet.Training/bin/&lt;Configuration&gt;/net10.0.</summary>
    private static string Program()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory);
        string dll = Path.Combine(RepositoryFiles.Root, "samples", "LeNet.Training", "bin", tests.Parent!.Name, tests.Name, "LeNet.Training.dll");
        Assert.True(File.Exists(dll), $"Expected the training sample at {dll}; it is built with the test project.");
        return dll;
    }

    /// <summary>The printed command's words: environment assignments, the program, its arguments (the test's paths need no quoting).</summary>
    private static string[] Command(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Run Start(string[] command)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // Scalar kernels, about ten times slower than the vector ones: a quarter of an epoch then lasts
        // seconds, time enough for a signal sent after a progress line to land before the epoch ends
        // even when the machine is busy. Every run of the test uses them, so the weights still compare.
        start.Environment["DOTNET_EnableHWIntrinsic"] = "0";
        int first = 0;
        for (; command[first].Contains('=', StringComparison.Ordinal) && !command[first].StartsWith('-'); first++)
        {
            string[] pair = command[first].Split('=', 2);
            start.Environment[pair[0]] = pair[1];
        }

        // `dotnet LeNet.Training.dll …`, as the sample's own resume command may be, or the dll for dotnet to run.
        bool dll = command[first].EndsWith(".dll", StringComparison.Ordinal);
        start.FileName = dll ? "dotnet" : command[first];
        foreach (string argument in command.Skip(dll ? first : first + 1))
        {
            start.ArgumentList.Add(argument);
        }

        return new Run(Process.Start(start)!);
    }

    [GeneratedRegex(@"Stopped by (?<signal>SIG[A-Z]+) in epoch (?<epoch>\d+) after step (?<step>\d+) of (?<steps>\d+)")]
    private static partial Regex StoppedMessage();

    private static float[] Weights(string directory)
    {
        var network = new LeNet5();
        SafeTensors.Load<LeNet5, float>(network, Path.Combine(directory, "lenet5.safetensors"));
        return network.Parameters.ToArray();
    }

    /// <summary>Whether this process ignores <paramref name="signal"/>: bit signal − 1 of /proc/self/status's SigIgn mask.</summary>
    private static bool Ignores(Signal signal)
    {
        string mask = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return ((ulong.Parse(mask, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) >> ((int)signal - 1)) & 1) == 1;
    }

    private enum Signal
    {
        Interrupt = 2,
        Terminate = 15,
    }

    /// <summary>A running sample: its output as it comes, a signal once a line appears, its exit.</summary>
    private sealed class Run
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Thread[] _readers;
        private string? _awaited;

        public Run(Process process)
        {
            _process = process;
            _readers = [Reader(process.StandardOutput), Reader(process.StandardError)];
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public int ExitCode => _process.ExitCode;

        /// <summary>Sends <paramref name="signal"/> as soon as a line starting with <paramref name="prefix"/> appears, then waits for the exit.</summary>
        public Run SignalAfter(string prefix, Signal signal)
        {
            lock (_output)
            {
                _awaited = prefix;
                if (_output.ToString().Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    _seen.TrySetResult();
                }
            }

            if (!_seen.Task.Wait(Timeout))
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"No line starting '{prefix}' within {Timeout.TotalSeconds:F0} s. Output:\n{Output}");
            }

            Assert.True(_process.HasExited || Kill(_process.Id, (int)signal) == 0, $"kill({_process.Id}, {(int)signal}) failed: errno {Marshal.GetLastPInvokeError()}");
            return WaitForExit();
        }

        public Run WaitForExit()
        {
            if (!_process.WaitForExit(Timeout))
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"The sample did not exit within {Timeout.TotalSeconds:F0} s. Output:\n{Output}");
            }

            foreach (Thread reader in _readers)
            {
                reader.Join(); // the output to its end
            }

            return this;
        }

        /// <summary>
        /// Reads <paramref name="stream"/> line by line on a thread of its own, not in the thread pool's callbacks:
        /// with other test classes running at once the pool can be seconds late, and so would the signal be.
        /// </summary>
        private Thread Reader(StreamReader stream)
        {
            var thread = new Thread(() =>
            {
                while (stream.ReadLine() is { } line)
                {
                    Append(line);
                }
            })
            { IsBackground = true, Name = "sample output" };
            thread.Start();
            return thread;
        }

        private void Append(string line)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
                if (_awaited is not null && line.StartsWith(_awaited, StringComparison.Ordinal))
                {
                    _seen.TrySetResult();
                }
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
