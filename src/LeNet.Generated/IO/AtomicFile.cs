namespace LeNet.Generated.IO;

/// <summary>
/// Replaces a file all at once: readers, and a crash halfway through, see either the old content
/// or the new, never a half-written file.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a new temporary file in the same directory as
    /// <paramref name="path"/>, flushes it to disk and renames it over <paramref name="path"/>.
    /// If anything throws, the temporary file is deleted and an existing <paramref name="path"/>
    /// is left as it was. <paramref name="write"/> must not close the stream.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);

        // Same directory, so the rename stays on one file system, where it is atomic.
        string temporary = $"{target}.tmp-{Guid.NewGuid():N}";
        bool moved = false;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);

                // Without this the rename can reach the disk before the data, and a power cut leaves an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original exception matters more than a leftover temporary file.
        }
    }
}
