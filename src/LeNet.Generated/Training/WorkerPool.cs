namespace LeNet.Generated.Training;

/// <summary>
/// Runs one piece of work on N threads at once: the caller plus N − 1 persistent workers, handed
/// the work through semaphores, so a step costs no thread creation and, after warm-up, no allocation.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false);
    private Action<int>? _work;
    private Exception? _error;
    private int _pending;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _start = new SemaphoreSlim[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int index = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"LeNet.Generated worker {index}" };
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
        _done.Reset();
        Volatile.Write(ref _pending, _threads.Length);
        foreach (SemaphoreSlim start in _start)
        {
            start.Release();
        }

        try
        {
            work(0);
        }
        finally
        {
            _done.Wait();
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
        foreach (SemaphoreSlim start in _start)
        {
            start.Release();
        }

        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        foreach (SemaphoreSlim start in _start)
        {
            start.Dispose();
        }

        _done.Dispose();
    }

    private void Loop(int index)
    {
        while (true)
        {
            _start[index - 1].Wait();
            if (_disposed)
            {
                return;
            }

            try
            {
                _work!(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Set();
            }
        }
    }
}
