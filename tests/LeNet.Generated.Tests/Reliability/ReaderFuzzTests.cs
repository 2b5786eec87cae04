using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LeNet.Generated.Data;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Tests.Infrastructure;
using LeNet.Generated.Tests.IO;
using LeNet.Generated.Training;
using LeNet.Generated.Weights;
using Xunit.Abstractions;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// The IDX, safetensors and checkpoint readers over a deterministic corpus of damaged files: every
/// truncation of the header and many of the data, random bit flips, and forged lengths, counts and
/// offsets. Each file either reads or fails with an <see cref="InvalidDataException"/> whose message
/// names the file; never another exception type, a hang or a large allocation.
/// </summary>
public sealed partial class ReaderFuzzTests(ITestOutputHelper output)
{
    private const long MaxAllocation = 64L << 20;
    private static readonly TimeSpan MaxCaseTime = TimeSpan.FromSeconds(5);

    private delegate void Reader(string path);

    [Fact]
    public void IdxReaders() => Fuzz("IDX", IdxCorpus(), (path, name) =>
    {
        if (name.StartsWith("labels", StringComparison.Ordinal))
        {
            Idx.ReadLabels(path);
        }
        else
        {
            Idx.ReadImages(path);
        }
    });

    [Fact]
    public void SafeTensorsReader() => Fuzz("safetensors", SafeTensorsCorpus(SafeTensorsFile()), (path, _) =>
    {
        var network = new MixedNet(1);
        SafeTensors.Load<MixedNet, float>(network, path);
    });

    [Fact]
    public void CheckpointReader() => Fuzz("checkpoint", SafeTensorsCorpus(CheckpointFile()), (path, _) =>
    {
        var network = new MixedNet(1);
        Checkpoint.Load(path, network, new Adam<float>(MixedNet.ParameterCount, 1e-3f));
    });

    /// <summary>Found by the bit flips: a header that is JSON but not UTF-8 threw InvalidOperationException from JsonElement.GetString.</summary>
    [Fact]
    public void AHeaderThatIsNotUtf8IsInvalidData()
    {
        using var directory = new TemporaryDirectory();
        byte[] json = [.. "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"b"u8, 0xFF, .. "\":1}"u8];
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(directory.File("bad.safetensors"), bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadMetadata(directory.File("bad.safetensors")));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.safetensors", error.Message, StringComparison.Ordinal);
    }

    private void Fuzz(string kind, IEnumerable<(string Case, byte[] Bytes)> corpus, Action<string, string> read)
    {
        using var directory = new TemporaryDirectory();
        int cases = 0, accepted = 0;
        var failures = new List<string>();

        // On a thread of its own, so a hang fails the test instead of stalling the run.
        var thread = new Thread(() =>
        {
            foreach ((string name, byte[] bytes) in corpus)
            {
                string path = directory.File($"case-{cases++}.bin");
                File.WriteAllBytes(path, bytes);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                try
                {
                    read(path, name);
                    accepted++;
                }
                catch (InvalidDataException e) when (e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
                {
                    // The documented failure, naming the file.
                }
                catch (Exception e)
                {
                    failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > MaxAllocation || watch.Elapsed > MaxCaseTime)
                {
                    failures.Add($"{name}: allocated {allocated:N0} bytes in {watch.Elapsed.TotalMilliseconds:F0} ms");
                }

                File.Delete(path);
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(2)), $"The {kind} fuzz run hung after {cases} cases.");

        output.WriteLine($"{kind}: {cases} damaged files, {accepted} read without error, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static IEnumerable<(string, byte[])> IdxCorpus()
    {
        var random = new Random(6);
        byte[] labels = IdxBytes.Raw(IdxBytes.LabelsMagic, [10], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
        byte[] images = IdxBytes.Raw(IdxBytes.ImagesMagic, [3, 4, 5], Enumerable.Range(0, 60).Select(i => (byte)(i * 7)).ToArray());
        uint[] forged = [0, 1, 2, 4, 9, 11, 60_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];
        foreach ((string name, byte[] raw) in new[] { ("labels", labels), ("images", images) })
        {
            var variants = new List<(string, byte[])>();
            for (int length = 0; length < raw.Length; length++)
            {
                variants.Add(($"{name} truncated to {length}", raw[..length]));
            }

            for (int i = 0; i < 150; i++)
            {
                variants.Add(($"{name} bit flip #{i}", FlipBits(raw, random)));
            }

            int dimensions = (BinaryPrimitives.ReadInt32BigEndian(raw) & 0xFF);
            for (int d = 0; d < dimensions; d++)
            {
                foreach (uint size in forged)
                {
                    byte[] bytes = raw.ToArray();
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * d)), size);
                    variants.Add(($"{name} dimension {d} forged to {size}", bytes));
                }
            }

            variants.Add(($"{name} with trailing data", [.. raw, 1, 2, 3]));
            foreach ((string variant, byte[] bytes) in variants)
            {
                yield return (variant + " (raw)", bytes);
                if (bytes.Length >= 4)
                {
                    yield return (variant + " (gzip)", IdxBytes.Gzip(bytes));
                }
            }

            // Damage to the compressed stream itself.
            byte[] gzip = IdxBytes.Gzip(raw);
            for (int length = 0; length < gzip.Length; length++)
            {
                yield return ($"{name} gzip truncated to {length}", gzip[..length]);
            }

            for (int i = 0; i < 100; i++)
            {
                yield return ($"{name} gzip bit flip #{i}", FlipBits(gzip, random));
            }
        }
    }

    private static byte[] SafeTensorsFile()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, MixedNet.ParameterTensors, new MixedNet(3).Parameters, new Dictionary<string, string> { ["note"] = "fuzz" });
        return stream.ToArray();
    }

    private static byte[] CheckpointFile()
    {
        using var directory = new TemporaryDirectory();
        var network = new MixedNet(3);
        var adam = new Adam<float>(MixedNet.ParameterCount, 1e-3f);
        var images = new float[2 * MixedNet.InputLength];
        network.TrainStep(images, [1, 2], adam);
        Checkpoint.Save(directory.File("checkpoint.safetensors"), network, adam, epoch: 4);
        return File.ReadAllBytes(directory.File("checkpoint.safetensors"));
    }

    /// <summary>Truncations (every one in the header, every 61st in the data), bit flips, forged header lengths and forged JSON numbers.</summary>
    private static IEnumerable<(string, byte[])> SafeTensorsCorpus(byte[] file)
    {
        var random = new Random(7);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(file);
        for (int length = 0; length < file.Length; length += length < 8 + headerLength ? 1 : 61)
        {
            yield return ($"truncated to {length}", file[..length]);
        }

        for (int i = 0; i < 400; i++)
        {
            // Half the flips in the header, where they matter most.
            byte[] flipped = file.ToArray();
            int at = i % 2 == 0 ? random.Next(0, (int)(8 + headerLength)) : random.Next(file.Length);
            flipped[at] ^= (byte)(1 << random.Next(8));
            yield return ($"bit flip at {at}", flipped);
        }

        foreach (long forged in new[] { 0, 1, 2, 7, headerLength - 1, headerLength + 1, file.Length, 100_000_000, 100_000_001, 1L << 40, long.MaxValue, -1, long.MinValue })
        {
            byte[] bytes = file.ToArray();
            BinaryPrimitives.WriteInt64LittleEndian(bytes, forged);
            yield return ($"header length forged to {forged}", bytes);
        }

        string json = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        MatchCollection numbers = Number().Matches(json);
        string[] absurd = ["0", "1", "-1", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551615", "1e300", "0.5", "\"1\"", "null", "[]"];
        for (int i = 0; i < 300; i++)
        {
            Match number = numbers[random.Next(numbers.Count)];
            string replacement = absurd[random.Next(absurd.Length)];
            string forged = json[..number.Index] + replacement + json[(number.Index + number.Length)..];
            yield return ($"'{number.Value}' at {number.Index} of the header forged to {replacement}", WithHeader(file, headerLength, forged));
        }

        yield return ("header not JSON", WithHeader(file, headerLength, new string('{', (int)headerLength)));
        yield return ("header not UTF-8", WithHeader(file, headerLength, "{\"\udc00\": 1}"));
        yield return ("header a JSON array", WithHeader(file, headerLength, "[1, 2, 3]"));
        yield return ("deeply nested header", WithHeader(file, headerLength, new string('[', 5000) + new string(']', 5000)));
    }

    private static byte[] WithHeader(byte[] file, long oldLength, string json)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + (file.Length - 8 - oldLength)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        file.AsSpan((int)(8 + oldLength)).CopyTo(bytes.AsSpan(8 + header.Length));
        return bytes;
    }

    private static byte[] FlipBits(byte[] bytes, Random random)
    {
        byte[] flipped = bytes.ToArray();
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
        }

        return flipped;
    }

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Number();
}
