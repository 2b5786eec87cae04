using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using LeNet.Generated.IO;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Weights;

namespace LeNet.Generated.Training;

/// <summary>What a checkpoint recorded besides the tensors.</summary>
/// <param name="Epoch">Epochs completed when it was written.</param>
/// <param name="OptimizerSteps">The optimizer's step count.</param>
/// <param name="Metadata">All metadata, including what the caller stored.</param>
public sealed record CheckpointInfo(int Epoch, long OptimizerSteps, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Steps taken in epoch <see cref="Epoch"/> + 1 when it was written mid-epoch; the default at an epoch's end.</summary>
    public EpochProgress Progress { get; init; }
}

/// <summary>
/// A training checkpoint as a safetensors file: the parameters and buffers under their <c>state_dict</c> names,
/// the optimizer's state as <c>optimizer.state</c>, and the epoch, the step within it and the optimizer's
/// step count as metadata. It is
/// written atomically (a temporary file renamed over the old one), so a crash mid-write leaves the
/// previous checkpoint whole; it is read completely and checked before anything is changed.
/// </summary>
public static class Checkpoint
{
    private const string Format = "lenet-generated-checkpoint/1";
    private const string StateTensor = "optimizer.state";

    /// <summary>Writes <paramref name="network"/>'s parameters and <paramref name="optimizer"/>'s state after <paramref name="epoch"/> epochs.</summary>
    public static void Save<TNetwork, T>(string path, TNetwork network, IOptimizer<T> optimizer, int epoch, IReadOnlyDictionary<string, string>? metadata = null)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Save(path, network, optimizer, epoch, default, metadata);

    /// <summary>
    /// Writes <paramref name="network"/>'s parameters and <paramref name="optimizer"/>'s state after
    /// <paramref name="epoch"/> epochs and <paramref name="progress"/>'s steps of the next: a trainer's
    /// <see cref="Trainer{TNetwork, T}.Epoch"/> and <see cref="Trainer{TNetwork, T}.Progress"/> after it was cancelled.
    /// </summary>
    public static void Save<TNetwork, T>(string path, TNetwork network, IOptimizer<T> optimizer, int epoch, EpochProgress progress, IReadOnlyDictionary<string, string>? metadata = null)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        Span<T> state = optimizer.State;
        T[] values = [.. network.Parameters, .. network.Buffers, .. state];

        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["format"] = Format,
            ["network"] = typeof(TNetwork).Name,
            ["optimizer"] = OptimizerName(optimizer),
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["epoch_step"] = progress.Step.ToString(CultureInfo.InvariantCulture),
            ["epoch_loss_sum"] = progress.LossSum.ToString("R", CultureInfo.InvariantCulture),
            ["epoch_correct"] = progress.Correct.ToString(CultureInfo.InvariantCulture),
            ["optimizer_steps"] = optimizer.Steps.ToString(CultureInfo.InvariantCulture),
        };
        (List<ParameterTensor> tensors, HashSet<string> counts) = Tensors<TNetwork, T>(state.Length);
        AtomicFile.Write(path, stream => SafeTensors.WriteCore<T>(stream, tensors, values, all, counts));
    }

    /// <summary>
    /// Restores <paramref name="network"/> and <paramref name="optimizer"/> from a checkpoint written by
    /// <c>Save</c> for the same network and optimizer type. Nothing changes unless the whole file is valid.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged or belongs to another network or optimizer.</exception>
    public static CheckpointInfo Load<TNetwork, T>(string path, TNetwork network, IOptimizer<T> optimizer)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        IReadOnlyDictionary<string, string> metadata = SafeTensors.ReadMetadata(path);
        string name = Path.GetFileName(path);
        Expect(metadata, "format", Format, name);
        Expect(metadata, "network", typeof(TNetwork).Name, name);
        Expect(metadata, "optimizer", OptimizerName(optimizer), name);
        int epoch = (int)Math.Min(int.MaxValue, Number(metadata, "epoch", name));
        long steps = Number(metadata, "optimizer_steps", name);
        EpochProgress progress = Progress(metadata, name);

        int stateLength = optimizer.State.Length;
        int buffers = network.Buffers.Length;
        var values = new T[TNetwork.ParameterCount + buffers + stateLength];
        (List<ParameterTensor> tensors, HashSet<string> counts) = Tensors<TNetwork, T>(stateLength);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16))
        {
            SafeTensors.ReadCore<T>(stream, path, tensors, values, null, counts);
        }

        values.AsSpan(0, TNetwork.ParameterCount).CopyTo(network.Parameters);
        values.AsSpan(TNetwork.ParameterCount, buffers).CopyTo(network.Buffers);
        values.AsSpan(TNetwork.ParameterCount + buffers).CopyTo(optimizer.State);
        optimizer.Steps = steps;
        return new CheckpointInfo(epoch, steps, metadata) { Progress = progress };
    }

    /// <summary>The position within an epoch; checkpoints written only at an epoch's end may lack it.</summary>
    private static EpochProgress Progress(IReadOnlyDictionary<string, string> metadata, string file)
    {
        if (!metadata.ContainsKey("epoch_step"))
        {
            return default;
        }

        int step = (int)Math.Min(int.MaxValue, Number(metadata, "epoch_step", file));
        int correct = (int)Math.Min(int.MaxValue, Number(metadata, "epoch_correct", file));
        string? text = metadata.GetValueOrDefault("epoch_loss_sum");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double lossSum) || !double.IsFinite(lossSum) || lossSum < 0)
        {
            throw new InvalidDataException($"{file}: the checkpoint's epoch_loss_sum is '{text}'; expected a finite number ≥ 0.");
        }

        return new EpochProgress(step, lossSum, correct);
    }

    /// <summary>The network's <c>state_dict</c> (parameters, then buffers), then the optimizer's state.</summary>
    private static (List<ParameterTensor> Tensors, HashSet<string> Counts) Tensors<TNetwork, T>(int stateLength)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (List<ParameterTensor> tensors, HashSet<string> counts) = SafeTensors.StateDict<TNetwork, T>(0);
        if (stateLength > 0)
        {
            int buffers = 0;
            foreach (ParameterTensor buffer in TNetwork.BufferTensors)
            {
                buffers += buffer.Length;
            }

            tensors.Add(new ParameterTensor(StateTensor, TNetwork.ParameterCount + buffers, [stateLength]));
        }

        return (tensors, counts);
    }

    private static string OptimizerName<T>(IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = optimizer.GetType().Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]).ToLowerInvariant();
    }

    private static void Expect(IReadOnlyDictionary<string, string> metadata, string key, string expected, string file)
    {
        string? actual = metadata.GetValueOrDefault(key);
        if (actual != expected)
        {
            throw new InvalidDataException(actual is null
                ? $"{file}: not a training checkpoint: its metadata has no '{key}'; expected '{expected}'."
                : $"{file}: the checkpoint's {key} is '{actual}'; expected '{expected}'.");
        }
    }

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key, string file) =>
        long.TryParse(metadata.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"{file}: the checkpoint's {key} is '{metadata.GetValueOrDefault(key)}'; expected a non-negative integer.");
}
