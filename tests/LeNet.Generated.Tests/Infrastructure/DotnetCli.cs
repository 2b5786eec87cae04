using System.Diagnostics;
using System.Text;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>Runs the `dotnet` that runs the tests, as a user would from a shell, and captures its output.</summary>
internal static class DotnetCli
{
    // Variables `dotnet test` sets for its own MSBuild; a nested build must find its SDK afresh.
    private static readonly string[] Inherited = ["MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_ROOT_X64"];

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>; fails the test with the whole output unless it exits with 0.</summary>
    public static string Run(string directory, TimeSpan timeout, params string[] arguments) =>
        RunProgram(Executable(), directory, timeout, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run(string, TimeSpan, string[])"/>, with <paramref name="environment"/> added to the process's variables.</summary>
    public static string Run(string directory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunProgram(Executable(), directory, timeout, environment, arguments);

    /// <summary>Runs <paramref name="program"/> (a path, or a name on PATH) as <see cref="Run(string, TimeSpan, string[])"/> runs <c>dotnet</c>.</summary>
    public static string RunProgram(string program, string directory, TimeSpan timeout, params string[] arguments) =>
        RunProgram(program, directory, timeout, new Dictionary<string, string>(), arguments);

    private static string RunProgram(string program, string directory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in Inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s; output so far:\n{output}");
        }

        process.WaitForExit(); // drains the output handlers
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}; expected 0. Output:\n{text}");
        return text;
    }

    // The host running the tests (DOTNET_HOST_PATH, set by the SDK), else `dotnet` on PATH.
    private static string Executable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
