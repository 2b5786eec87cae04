using System.Reflection;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// Runs a static method of this assembly in a process of its own (<c>dotnet LeNet.Generated.Tests.dll
/// Type Method</c>), for checks that count what every thread of the process does: the test host's
/// own threads (its timers, its link to the runner) allocate now and then while a test runs.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="probe"/> in a new process, with <paramref name="environment"/> if given, and returns the last line it printed, its result.</summary>
    public static string Run(Func<string> probe, IReadOnlyDictionary<string, string>? environment = null)
    {
        MethodInfo method = probe.Method;
        Assert.True(method.IsStatic, $"{method.Name} must be static to run in another process.");
        string output = DotnetCli.Run(AppContext.BaseDirectory, TimeSpan.FromMinutes(2), environment ?? new Dictionary<string, string>(), "exec", typeof(ChildProcess).Assembly.Location, method.DeclaringType!.FullName!, method.Name);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    /// <summary>The entry point of the child: calls the named static method and prints what it returns.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("Expected a type and a static method of this assembly, e.g. LeNet.Generated.Tests.Training.TrainerTests MeasureStepAllocations.");
            return 2;
        }

        MethodInfo method = typeof(ChildProcess).Assembly.GetType(args[0], throwOnError: true)!
            .GetMethod(args[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes)!;
        Console.WriteLine((string)method.Invoke(null, null)!);
        return 0;
    }
}
