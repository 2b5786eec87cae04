using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LeNet.Generated.Weights;

/// <summary>
/// The header of a safetensors file, both ways: an 8-byte little-endian length, then that many
/// bytes of UTF-8 JSON mapping each tensor's name to its dtype, shape and byte range in the data
/// section, plus optional <c>__metadata__</c> strings. Reading checks everything the data section
/// will be trusted for: known dtypes, byte ranges that match the shapes, inside the data section,
/// contiguous and not overlapping, as the reference implementation requires.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The largest header accepted, as in the reference implementation.</summary>
    public const long MaxLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, int> DTypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    private SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>The tensors in the order of their bytes in the data section.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Stream position of the first byte of the data section.</summary>
    public long DataStart { get; }

    /// <summary>Writes the length and the JSON, padded with spaces to a multiple of 8 bytes as the reference implementation does.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafeTensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                // First, as the reference implementation writes it; keys sorted so the bytes do not depend on the dictionary.
                writer.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (pair.Value is null)
                    {
                        throw new ArgumentException($"Metadata '{pair.Key}' is null; expected a string.", nameof(metadata));
                    }

                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            foreach (SafeTensorsEntry tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType);
                writer.WriteStartArray("shape");
                foreach (long size in tensor.Shape)
                {
                    writer.WriteNumberValue(size);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(tensor.Begin);
                writer.WriteNumberValue(tensor.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        int padding = (8 - (json.WrittenCount % 8)) % 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.WrittenCount + padding));
        stream.Write(length);
        stream.Write(json.WrittenSpan);
        for (int i = 0; i < padding; i++)
        {
            stream.WriteByte((byte)' ');
        }
    }

    /// <summary>Reads and checks the header of the file that starts at the stream's position; leaves the stream at the data section.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="source">The file name for error messages.</param>
    public static SafeTensorsHeader Read(Stream stream, string source)
    {
        long available = stream.Length - stream.Position;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
        {
            throw Error(source, $"the file is {available} bytes long; expected at least 8, the header length.");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > (ulong)(available - 8))
        {
            throw Error(source, $"the header length is {length} bytes, but only {available - 8} bytes follow it; expected a header inside the file (truncated, or not a safetensors file).");
        }

        if (length > MaxLength)
        {
            throw Error(source, $"the header length is {length} bytes; expected at most {MaxLength}.");
        }

        // Both checks above bound this allocation by the file's real length.
        byte[] json = new byte[(int)length];
        if (stream.ReadAtLeast(json, json.Length, throwOnEndOfStream: false) < json.Length)
        {
            throw Error(source, $"the file ends inside its {length}-byte header; expected the whole header.");
        }

        // JsonDocument checks UTF-8 only lazily, when a string is read, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw Error(source, "the header is not valid UTF-8; expected a UTF-8 JSON object of tensors.");
        }

        long dataStart = stream.Position;
        long dataLength = available - 8 - (long)length;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Parse(document.RootElement, source, dataStart, dataLength);
        }
        catch (JsonException e)
        {
            throw Error(source, $"the header is not valid JSON ({e.Message}); expected a JSON object of tensors.", e);
        }
    }

    private static SafeTensorsHeader Parse(JsonElement root, string source, long dataStart, long dataLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, $"the header is a JSON {root.ValueKind}; expected a JSON object of tensors.");
        }

        var tensors = new List<SafeTensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                throw Error(source, $"the header names '{property.Name}' twice; expected each name once.");
            }

            if (property.Name == MetadataKey)
            {
                metadata = ParseMetadata(property.Value, source);
            }
            else
            {
                tensors.Add(ParseTensor(property.Name, property.Value, source));
            }
        }

        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long end = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            SafeTensorsEntry tensor = tensors[i];
            if (tensor.End > dataLength)
            {
                throw Error(source, $"tensor '{tensor.Name}' has data_offsets [{tensor.Begin}, {tensor.End}], past the end of the {dataLength}-byte data section; expected offsets inside it (is the file truncated?).");
            }

            if (tensor.Begin < end)
            {
                throw Error(source, $"tensor '{tensor.Name}' has data_offsets [{tensor.Begin}, {tensor.End}], overlapping tensor '{tensors[i - 1].Name}' at [{tensors[i - 1].Begin}, {tensors[i - 1].End}]; expected each byte to belong to one tensor.");
            }

            if (tensor.Begin > end)
            {
                throw Error(source, $"tensor '{tensor.Name}' has data_offsets [{tensor.Begin}, {tensor.End}], leaving bytes {end} to {tensor.Begin} unused; expected tensors packed one after another from offset 0.");
            }

            end = tensor.End;
        }

        if (end != dataLength)
        {
            throw Error(source, $"the tensors end at byte {end} of the {dataLength}-byte data section; expected them to fill it exactly (trailing data).");
        }

        return new SafeTensorsHeader(tensors, metadata, dataStart);
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, $"'{MetadataKey}' is a JSON {element.ValueKind}; expected an object of strings.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Error(source, $"'{MetadataKey}' entry '{property.Name}' is a JSON {property.Value.ValueKind}; expected a string.");
            }

            if (!metadata.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw Error(source, $"'{MetadataKey}' names '{property.Name}' twice; expected each key once.");
            }
        }

        return metadata;
    }

    private static SafeTensorsEntry ParseTensor(string name, JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, $"tensor '{name}' is a JSON {element.ValueKind}; expected an object with dtype, shape and data_offsets.");
        }

        if (!element.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw Error(source, $"tensor '{name}' has no dtype string; expected e.g. \"dtype\": \"F32\".");
        }

        string dtype = dtypeElement.GetString()!;
        if (!DTypeSizes.TryGetValue(dtype, out int size))
        {
            throw Error(source, $"tensor '{name}' has unknown dtype '{dtype}'; expected one of {string.Join(", ", DTypeSizes.Keys)}.");
        }

        long[] shape = Integers(element, "shape", name, source);
        long[] offsets = Integers(element, "data_offsets", name, source);
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw Error(source, $"tensor '{name}' has data_offsets {SafeTensorsEntry.Format(offsets)}; expected [begin, end] with begin ≤ end.");
        }

        // Elements × size, refusing anything past the long range: a forged shape must not wrap around to a plausible size.
        long bytes = size;
        foreach (long dimension in shape)
        {
            if (dimension != 0 && bytes > long.MaxValue / dimension)
            {
                throw Error(source, $"tensor '{name}' has shape {SafeTensorsEntry.Format(shape)}, more than {long.MaxValue} bytes; expected a shape that fits in a file.");
            }

            bytes *= dimension;
        }

        if (offsets[1] - offsets[0] != bytes)
        {
            throw Error(source, $"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}], {offsets[1] - offsets[0]} bytes; expected {bytes} bytes for shape {SafeTensorsEntry.Format(shape)} of {dtype}.");
        }

        return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(JsonElement tensor, string property, string name, string source)
    {
        if (!tensor.TryGetProperty(property, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, $"tensor '{name}' has no {property} array; expected an array of non-negative integers.");
        }

        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
            {
                throw Error(source, $"tensor '{name}' has {property} element {item.GetRawText()}; expected a non-negative integer.");
            }

            i++;
        }

        return values;
    }

    private static InvalidDataException Error(string source, string message, Exception? inner = null) => new($"{source}: {message}", inner);
}
