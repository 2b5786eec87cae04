namespace LeNet.Generated.Training;

/// <summary>
/// Runs one piece of work on N threads at once: the caller plus N − 1 persistent workers. Work is
/// handed over by bumping a generation counter that idle workers spin on, so back-to-back steps
/// cost neither a kernel transition nor an allocation; a worker idle for longer than a short spin
/// parks on a semaphore and is woken by the next hand-off. (Blocking waits allocate a little on
/// every wait in .NET 10, which would break the trainer's zero-allocation step.)
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private const int SpinsBeforeParking = 20_000;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _parked;
    private Action<int>? _work;
    private Exception? _error;
    private int _generation;
    private int _pending;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _wake = new SemaphoreSlim[threads - 1];
        _parked = new int[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i;
            _wake[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"LeNet.Generated worker {i + 1}" };
            _threads[i].Start();
        }
    }

    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/>(0 … Threads − 1), index 0 on the calling thread, and waits for all.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_threads.Length == 0)
        {
            work(0);
            return;
        }

        _work = work;
        _error = null;
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        WakeParked();
        try
        {
            work(0);
        }
        finally
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _pending) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _work = null;
        }

        if (_error is not null)
        {
            throw new AggregateException("A training worker thread failed.", _error);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Increment(ref _generation);
        WakeParked();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        foreach (SemaphoreSlim wake in _wake)
        {
            wake.Dispose();
        }
    }

    private void WakeParked()
    {
        for (int i = 0; i < _parked.Length; i++)
        {
            if (Interlocked.Exchange(ref _parked[i], 0) == 1)
            {
                _wake[i].Release();
            }
        }
    }

    private void Loop(int worker)
    {
        int seen = 0;
        while (true)
        {
            int generation = WaitForNext(worker, seen);
            seen = generation;
            if (_disposed)
            {
                return;
            }

            try
            {
                _work!(worker + 1);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Spins until the generation moves past <paramref name="seen"/>, parking on the semaphore if that takes long.</summary>
    private int WaitForNext(int worker, int seen)
    {
        var spinner = default(SpinWait);
        for (int spins = 0; ; spins++)
        {
            int generation = Volatile.Read(ref _generation);
            if (generation != seen)
            {
                return generation;
            }

            if (spins < SpinsBeforeParking)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            // Announce the park, then look once more: a hand-off in between either sees the flag
            // and releases the semaphore, or is seen here.
            Volatile.Write(ref _parked[worker], 1);
            if (Volatile.Read(ref _generation) == seen)
            {
                _wake[worker].Wait();
            }
            else
            {
                Interlocked.Exchange(ref _parked[worker], 0);
            }

            spins = 0;
        }
    }
}
