using System.Diagnostics;

namespace LeNet.Training;

/// <summary>Wall time since this process started, runtime start-up included: what a user waits from the command to the result.</summary>
internal static class ProcessClock
{
    private static readonly DateTime Start = Process.GetCurrentProcess().StartTime;

    public static TimeSpan Elapsed => DateTime.Now - Start;
}
