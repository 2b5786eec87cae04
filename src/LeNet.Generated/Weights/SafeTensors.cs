using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeNet.Generated.IO;

namespace LeNet.Generated.Weights;

/// <summary>
/// Reads and writes network parameters as safetensors, the format of Hugging Face's
/// <c>safetensors</c> library (<c>safetensors.torch.save_file</c> / <c>load_file</c>): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
/// then the tensors' little-endian bytes, row-major, one after another. <c>float</c> parameters
/// are written as <c>F32</c>, <c>double</c> as <c>F64</c>; either is read into either, F64 into
/// <c>float</c> rounding to nearest. Every error in a file is an <see cref="InvalidDataException"/>
/// naming the file and the tensor, raised before the destination is written to.
/// </summary>
public static class SafeTensors
{
    private const string StreamName = "safetensors stream";

    /// <summary>Writes <paramref name="tensors"/>, slices of <paramref name="parameters"/>, at the stream's position.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensors">Names, offsets and shapes, e.g. a network's <c>ParameterTensors</c>; written in this order.</param>
    /// <param name="parameters">The flat parameter vector the tensors are slices of.</param>
    /// <param name="metadata">Strings stored as the header's <c>__metadata__</c>, or <see langword="null"/> for none.</param>
    public static void Write(Stream stream, IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteCore(stream, tensors, parameters, metadata);

    /// <inheritdoc cref="Write(Stream, IReadOnlyList{ParameterTensor}, ReadOnlySpan{float}, IReadOnlyDictionary{string, string}?)"/>
    public static void Write(Stream stream, IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<double> parameters, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteCore(stream, tensors, parameters, metadata);

    /// <summary>Writes <paramref name="tensors"/>, slices of <paramref name="parameters"/>, to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Names, offsets and shapes, e.g. a network's <c>ParameterTensors</c>; written in this order.</param>
    /// <param name="parameters">The flat parameter vector the tensors are slices of.</param>
    /// <param name="metadata">Strings stored as the header's <c>__metadata__</c>, or <see langword="null"/> for none.</param>
    public static void Write(string path, IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // A lambda cannot capture a span; the copy is the size of the file being written.
        float[] copy = parameters.ToArray();
        AtomicFile.Write(path, stream => WriteCore<float>(stream, tensors, copy, metadata));
    }

    /// <inheritdoc cref="Write(string, IReadOnlyList{ParameterTensor}, ReadOnlySpan{float}, IReadOnlyDictionary{string, string}?)"/>
    public static void Write(string path, IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<double> parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        double[] copy = parameters.ToArray();
        AtomicFile.Write(path, stream => WriteCore<double>(stream, tensors, copy, metadata));
    }

    /// <summary>Reads each of <paramref name="expected"/> from the safetensors file at the stream's position into its slice of <paramref name="destination"/>.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="expected">The tensors to read, by name, with their shapes and their offsets in <paramref name="destination"/>.</param>
    /// <param name="destination">The flat parameter vector to fill.</param>
    /// <param name="nameMap">
    /// Optional renaming from the file's tensor names to the names in <paramref name="expected"/>, for
    /// files written by a model whose modules are named differently; names not in it are used as they are.
    /// </param>
    /// <exception cref="InvalidDataException">The file is damaged, lacks a tensor, or a tensor has another shape or a dtype other than F32 and F64. Tensors not in <paramref name="expected"/> are ignored.</exception>
    public static void Read(Stream stream, IReadOnlyList<ParameterTensor> expected, Span<float> destination, IReadOnlyDictionary<string, string>? nameMap = null) =>
        ReadCore(stream, SourceName(stream), expected, destination, nameMap);

    /// <inheritdoc cref="Read(Stream, IReadOnlyList{ParameterTensor}, Span{float}, IReadOnlyDictionary{string, string}?)"/>
    public static void Read(Stream stream, IReadOnlyList<ParameterTensor> expected, Span<double> destination, IReadOnlyDictionary<string, string>? nameMap = null) =>
        ReadCore(stream, SourceName(stream), expected, destination, nameMap);

    /// <summary>Reads each of <paramref name="expected"/> from the safetensors file at <paramref name="path"/> into its slice of <paramref name="destination"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="expected">The tensors to read, by name, with their shapes and their offsets in <paramref name="destination"/>.</param>
    /// <param name="destination">The flat parameter vector to fill.</param>
    /// <param name="nameMap">
    /// Optional renaming from the file's tensor names to the names in <paramref name="expected"/>, for
    /// files written by a model whose modules are named differently; names not in it are used as they are.
    /// </param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, lacks a tensor, or a tensor has another shape or a dtype other than F32 and F64. Tensors not in <paramref name="expected"/> are ignored.</exception>
    public static void Read(string path, IReadOnlyList<ParameterTensor> expected, Span<float> destination, IReadOnlyDictionary<string, string>? nameMap = null)
    {
        using FileStream stream = OpenRead(path);
        ReadCore(stream, path, expected, destination, nameMap);
    }

    /// <inheritdoc cref="Read(string, IReadOnlyList{ParameterTensor}, Span{float}, IReadOnlyDictionary{string, string}?)"/>
    public static void Read(string path, IReadOnlyList<ParameterTensor> expected, Span<double> destination, IReadOnlyDictionary<string, string>? nameMap = null)
    {
        using FileStream stream = OpenRead(path);
        ReadCore(stream, path, expected, destination, nameMap);
    }

    /// <summary>Reads the header's <c>__metadata__</c> strings from the safetensors file at the stream's position; empty if it has none.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <exception cref="InvalidDataException">The file's header is damaged.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(Stream stream)
    {
        RequireReadable(stream);
        return SafeTensorsHeader.Read(stream, SourceName(stream)).Metadata;
    }

    /// <summary>Reads the header's <c>__metadata__</c> strings from the safetensors file at <paramref name="path"/>; empty if it has none.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file's header is damaged.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using FileStream stream = OpenRead(path);
        return SafeTensorsHeader.Read(stream, path).Metadata;
    }

    /// <summary>Saves <paramref name="network"/>'s parameters to <paramref name="path"/> atomically, one tensor per <c>state_dict</c> key.</summary>
    /// <typeparam name="TNetwork">The generated network type.</typeparam>
    /// <typeparam name="T">Its element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network whose parameters to save.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="metadata">Strings stored as the header's <c>__metadata__</c>, or <see langword="null"/> for none.</param>
    public static void Save<TNetwork, T>(TNetwork network, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (TNetwork.BufferTensors.Count == 0)
        {
            AtomicFile.Write(path, stream => WriteCore<T>(stream, TNetwork.ParameterTensors, network.Parameters, metadata));
            return;
        }

        (List<ParameterTensor> tensors, HashSet<string> counts) = StateDict<TNetwork, T>(0);
        T[] values = [.. network.Parameters, .. network.Buffers];
        AtomicFile.Write(path, stream => WriteCore<T>(stream, tensors, values, metadata, counts));
    }

    /// <summary>
    /// The parameter tensors, then the buffer tensors (from <paramref name="offset"/> + ParameterCount on): a network's
    /// whole <c>state_dict</c>, and the names of the buffers that PyTorch holds as int64 (<c>num_batches_tracked</c>, shape []).
    /// </summary>
    internal static (List<ParameterTensor> Tensors, HashSet<string> Counts) StateDict<TNetwork, T>(int offset)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<ParameterTensor>(TNetwork.ParameterTensors);
        var counts = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterTensor buffer in TNetwork.BufferTensors)
        {
            tensors.Add(buffer with { Offset = offset + TNetwork.ParameterCount + buffer.Offset });
            if (buffer.Shape.Count == 0)
            {
                counts.Add(buffer.Name);
            }
        }

        return (tensors, counts);
    }

    /// <summary>Loads <paramref name="network"/>'s parameters from the safetensors file at <paramref name="path"/>; if the file is at fault they are left as they were.</summary>
    /// <typeparam name="TNetwork">The generated network type.</typeparam>
    /// <typeparam name="T">Its element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network whose parameters to overwrite.</param>
    /// <param name="path">The file to read, e.g. written by <see cref="Save{TNetwork, T}"/> or by PyTorch's <c>safetensors.torch.save_file(model.state_dict(), path)</c>.</param>
    /// <param name="nameMap">Optional renaming from the file's tensor names to the network's <c>state_dict</c> keys.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, lacks a tensor, or a tensor has another shape or dtype.</exception>
    public static void Load<TNetwork, T>(TNetwork network, string path, IReadOnlyDictionary<string, string>? nameMap = null)
        where TNetwork : class, INetwork<TNetwork, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = OpenRead(path);
        if (TNetwork.BufferTensors.Count == 0)
        {
            ReadCore(stream, path, TNetwork.ParameterTensors, network.Parameters, nameMap);
            return;
        }

        // Read whole into a copy, so that a file at fault leaves the parameters and buffers as they were.
        (List<ParameterTensor> tensors, HashSet<string> counts) = StateDict<TNetwork, T>(0);
        T[] values = [.. network.Parameters, .. network.Buffers];
        ReadCore<T>(stream, path, tensors, values, nameMap, counts);
        values.AsSpan(0, TNetwork.ParameterCount).CopyTo(network.Parameters);
        values.AsSpan(TNetwork.ParameterCount).CopyTo(network.Buffers);
    }

    /// <summary>Writes the tensors; those named in <c>counts</c> as I64, PyTorch's type for <c>num_batches_tracked</c> (whole numbers).</summary>
    internal static void WriteCore<T>(Stream stream, IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<T> parameters, IReadOnlyDictionary<string, string>? metadata, HashSet<string>? counts = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("Expected a writable stream.", nameof(stream));
        }

        RequireLittleEndian();
        string dtype = DTypeOf<T>();
        int size = Unsafe.SizeOf<T>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<SafeTensorsEntry>(tensors.Count);
        long begin = 0;
        foreach (ParameterTensor tensor in tensors)
        {
            CheckSlice(tensor, parameters.Length, nameof(parameters));
            if (tensor.Name == "__metadata__" || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name '{tensor.Name}' is {(tensor.Name == "__metadata__" ? "reserved for metadata" : "used twice")}; expected unique tensor names.", nameof(tensors));
            }

            bool count = counts?.Contains(tensor.Name) == true;
            long end = begin + ((long)tensor.Length * (count ? sizeof(long) : size));
            entries.Add(new SafeTensorsEntry(tensor.Name, count ? "I64" : dtype, tensor.Shape.Select(s => (long)s).ToArray(), begin, end));
            begin = end;
        }

        SafeTensorsHeader.Write(stream, entries, metadata);
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        foreach (ParameterTensor tensor in tensors)
        {
            if (counts?.Contains(tensor.Name) == true)
            {
                foreach (T value in parameters.Slice(tensor.Offset, tensor.Length))
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, (long)ToDouble(value));
                    stream.Write(bytes);
                }

                continue;
            }

            stream.Write(MemoryMarshal.AsBytes(parameters.Slice(tensor.Offset, tensor.Length)));
        }
    }

    private static double ToDouble<T>(T value)
        where T : unmanaged => value is float f ? f : value is double d ? d : throw new NotSupportedException(typeof(T).Name);

    /// <summary>Reads the tensors after checking them all; those named in <c>counts</c> may also be I64 (<c>num_batches_tracked</c>).</summary>
    internal static void ReadCore<T>(Stream stream, string source, IReadOnlyList<ParameterTensor> expected, Span<T> destination, IReadOnlyDictionary<string, string>? nameMap, HashSet<string>? counts = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireReadable(stream);
        ArgumentNullException.ThrowIfNull(expected);
        RequireLittleEndian();
        foreach (ParameterTensor tensor in expected)
        {
            CheckSlice(tensor, destination.Length, nameof(destination));
        }

        SafeTensorsHeader header = SafeTensorsHeader.Read(stream, source);

        // The file's tensors under the names they load as.
        var byName = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        foreach (SafeTensorsEntry entry in header.Tensors)
        {
            string name = nameMap is not null && nameMap.TryGetValue(entry.Name, out string? mapped) ? mapped : entry.Name;
            if (!byName.TryAdd(name, entry))
            {
                throw new InvalidDataException($"{source}: tensors '{byName[name].Name}' and '{entry.Name}' both load as '{name}'; expected one tensor per name (check the name map).");
            }
        }

        string[] missing = expected.Where(t => !byName.ContainsKey(t.Name)).Select(t => $"'{t.Name}'").ToArray();
        if (missing.Length > 0)
        {
            string present = string.Join(", ", header.Tensors.Take(20).Select(t => $"'{t.Name}'")) + (header.Tensors.Count > 20 ? ", …" : "");
            throw new InvalidDataException($"{source}: missing tensor{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)}; the file has {header.Tensors.Count}: {present}.");
        }

        string dtype = DTypeOf<T>();
        foreach (ParameterTensor tensor in expected)
        {
            SafeTensorsEntry entry = byName[tensor.Name];
            string name = entry.Name == tensor.Name ? $"'{tensor.Name}'" : $"'{entry.Name}' (loaded as '{tensor.Name}')";
            if (entry.DType is not ("F32" or "F64") && !(entry.DType == "I64" && counts?.Contains(tensor.Name) == true))
            {
                throw new InvalidDataException($"{source}: tensor {name} has dtype {entry.DType}; expected {dtype} (or {(dtype == "F32" ? "F64" : "F32")}, converted).");
            }

            if (!entry.Shape.SequenceEqual(tensor.Shape.Select(s => (long)s)))
            {
                throw new InvalidDataException($"{source}: tensor {name} has shape {SafeTensorsEntry.Format(entry.Shape)}; expected {SafeTensorsEntry.Format(tensor.Shape)}.");
            }
        }

        // Every check is done: from here on only an I/O failure can stop the copy halfway.
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        foreach (ParameterTensor tensor in expected)
        {
            SafeTensorsEntry entry = byName[tensor.Name];
            stream.Position = header.DataStart + entry.Begin;
            Span<T> target = destination.Slice(tensor.Offset, tensor.Length);
            if (entry.DType == dtype)
            {
                ReadExactly(stream, MemoryMarshal.AsBytes(target), source, entry.Name);
            }
            else if (entry.DType == "F32")
            {
                ReadConverted<float, T>(stream, target, source, entry.Name);
            }
            else if (entry.DType == "I64")
            {
                for (int i = 0; i < target.Length; i++)
                {
                    ReadExactly(stream, bytes, source, entry.Name);
                    target[i] = T.CreateTruncating(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes));
                }
            }
            else
            {
                ReadConverted<double, T>(stream, target, source, entry.Name);
            }
        }
    }

    private static void ReadConverted<TFile, T>(Stream stream, Span<T> destination, string source, string name)
        where TFile : unmanaged, IFloatingPointIeee754<TFile>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<TFile> chunk = stackalloc TFile[256];
        for (int done = 0; done < destination.Length; done += chunk.Length)
        {
            chunk = chunk[..Math.Min(chunk.Length, destination.Length - done)];
            ReadExactly(stream, MemoryMarshal.AsBytes(chunk), source, name);
            for (int i = 0; i < chunk.Length; i++)
            {
                destination[done + i] = T.CreateTruncating(chunk[i]);
            }
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string name)
    {
        // The header was checked against the stream's length; a shorter read means the file changed underneath.
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new InvalidDataException($"{source}: the file ends inside tensor '{name}'; expected all of its bytes.");
        }
    }

    private static void CheckSlice(ParameterTensor tensor, int length, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Offset < 0 || tensor.Offset > length - tensor.Length)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' spans elements {tensor.Offset} to {tensor.Offset + tensor.Length - 1}, but the span has {length}; expected each tensor inside it.", paramName);
        }
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found; expected a safetensors file.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    }

    private static void RequireReadable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("Expected a readable, seekable stream; copy other streams to a MemoryStream first.", nameof(stream));
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is big-endian.");
        }
    }

    private static string DTypeOf<T>() =>
        typeof(T) == typeof(float) ? "F32"
        : typeof(T) == typeof(double) ? "F64"
        : throw new NotSupportedException($"Expected float or double parameters, not {typeof(T).Name}.");

    private static string SourceName(Stream stream) => stream is FileStream file ? file.Name : StreamName;
}
