namespace LeNet.Generated.Training;

/// <summary>
/// Runs one piece of work on N threads at once: the caller plus N − 1 persistent workers. Work is
/// handed over by bumping a generation counter that idle workers spin on, so back-to-back steps
/// cost neither a kernel transition nor an allocation; a worker idle for longer than a short spin
/// polls with 1 ms sleeps instead. No blocking wait is used: in .NET 10 those allocate a little on
/// every wait that blocks, which would break the trainer's zero-allocation step on a busy machine.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private const int SpinsBeforeSleeping = 20_000;
    private const int BusyPauses = 2_000;

    private readonly Thread[] _threads;
    private readonly int _busyPauses;
    private Action<int>? _work;
    private Exception? _error;
    private int _generation;
    private int _pending;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        // Busy pauses only while every thread has a core of its own: otherwise they delay the thread waited for.
        _busyPauses = threads <= Environment.ProcessorCount ? BusyPauses : 0;
        _threads = new Thread[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i;
            _threads[i] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"LeNet.Generated worker {i + 1}" };
            _threads[i].Start();
        }
    }

    public int Threads { get; }

    /// <summary>Thread <paramref name="index"/>'s contiguous share of <paramref name="count"/> items.</summary>
    public static (int First, int Count) Share(int count, int index, int threads)
    {
        int first = (int)((long)count * index / threads);
        return (first, (int)((long)count * (index + 1) / threads) - first);
    }

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
        try
        {
            work(0);
        }
        finally
        {
            var waiter = new Waiter(_busyPauses);
            while (Volatile.Read(ref _pending) != 0)
            {
                waiter.Pause();
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
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
    }

    private void Loop(int worker)
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForNext(seen);
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

    /// <summary>Spins until the generation moves past <paramref name="seen"/>, then sleeps between looks if that takes long.</summary>
    private int WaitForNext(int seen)
    {
        var waiter = new Waiter(_busyPauses);
        int generation;
        while ((generation = Volatile.Read(ref _generation)) == seen)
        {
            if (waiter.Pauses < SpinsBeforeSleeping)
            {
                waiter.Pause();
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return generation;
    }

    /// <summary>
    /// The wait between two looks at a flag: busy pauses first, since the other thread is usually
    /// microseconds away and a yield is a system call that can take longer than that; then yields.
    /// </summary>
    private struct Waiter(int busyPauses)
    {
        private SpinWait _spinner;

        public int Pauses { get; private set; }

        public void Pause()
        {
            if (Pauses++ < busyPauses)
            {
                Thread.SpinWait(8);
            }
            else
            {
                _spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
