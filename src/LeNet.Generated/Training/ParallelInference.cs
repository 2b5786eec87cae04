using System.Numerics;

namespace LeNet.Generated.Training;

/// <summary>
/// Runs batches forward on several threads at once over one network's weights: each thread takes a
/// contiguous share of the batch with its own workspace. All buffers and threads are created here;
/// a call allocates nothing.
/// </summary>
public sealed class ParallelInference<TNetwork, T> : IDisposable
    where TNetwork : class, INetwork<TNetwork, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IInferenceWorkspace<T>[] _workspaces;
    private readonly WorkerPool _pool;
    private readonly Action<int> _forward;
    private ReadOnlyMemory<T> _inputs;
    private Memory<T> _outputs;

    /// <summary>Prepares <paramref name="threads"/> workspaces over <paramref name="network"/>'s parameters.</summary>
    public ParallelInference(TNetwork network, int threads)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (threads <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads must be at least 1, but is {threads}.");
        }

        _workspaces = new IInferenceWorkspace<T>[threads];
        for (int i = 0; i < threads; i++)
        {
            _workspaces[i] = network.CreateInferenceWorkspace();
        }

        _pool = new WorkerPool(threads);
        _forward = Forward;
    }

    /// <summary>Threads sharing each batch.</summary>
    public int Threads => _workspaces.Length;

    /// <summary>Writes the logits of N images (one after another) to <paramref name="outputs"/>, N rows.</summary>
    public void Forward(ReadOnlyMemory<T> inputs, Memory<T> outputs)
    {
        int count = Guard.Count(inputs.Length, TNetwork.InputLength, nameof(inputs));
        Guard.Length(outputs.Length, count * TNetwork.OutputLength, nameof(outputs));
        (_inputs, _outputs) = (inputs, outputs);
        try
        {
            _pool.Run(_forward);
        }
        finally
        {
            (_inputs, _outputs) = (default, default);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _pool.Dispose();

    private void Forward(int thread)
    {
        (int first, int share) = WorkerPool.Share(_inputs.Length / TNetwork.InputLength, thread, Threads);
        if (share > 0)
        {
            _workspaces[thread].Forward(
                _inputs.Span.Slice(first * TNetwork.InputLength, share * TNetwork.InputLength),
                _outputs.Span.Slice(first * TNetwork.OutputLength, share * TNetwork.OutputLength));
        }
    }
}
