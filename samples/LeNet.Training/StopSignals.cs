using System.Runtime.InteropServices;

namespace LeNet.Training;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation: training finishes the step it is in,
/// and the run saves and says how to resume. A second signal ends the process at once, as without
/// this (the files written by then are whole: they are replaced atomically).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignals() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that stopped the run: "SIGINT" or "SIGTERM".</summary>
    public string Name => _received == 2 ? "SIGINT" : "SIGTERM";

    /// <summary>The shell's code for a process ended by the signal: 128 + its number (130, 143).</summary>
    public int ExitCode => 128 + _received;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        int number = context.Signal == PosixSignal.SIGINT ? 2 : 15;
        if (Interlocked.CompareExchange(ref _received, number, 0) != 0)
        {
            return; // the second signal: its default action ends the process
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
