namespace Telltale.Inventory;

/// <summary>Reads small files from the tree whole, refusing what is too large or not a regular file.</summary>
internal static class BoundedFile
{
    /// <summary>
    /// The bytes of <paramref name="file"/>; null with <paramref name="problem"/> set when it is larger than
    /// <paramref name="maxBytes"/>, empty or unreadable. A zero length is never opened: FIFOs, sockets and
    /// devices report it, and opening a FIFO would wait for a writer forever.
    /// </summary>
    public static byte[]? Read(RootedPath file, int maxBytes, out string? problem)
    {
        problem = null;
        if (file.IsDirectory)
        {
            problem = "is a directory, not a file";
            return null;
        }

        if (file.Length == 0)
        {
            problem = "is empty or not a regular file";
            return null;
        }

        if (file.Length > maxBytes)
        {
            problem = $"is {file.Length} bytes, over the {maxBytes}-byte limit for a manifest; not read";
            return null;
        }

        try
        {
            using var stream = new FileStream(file.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);

            // Only up to the limit, even if the file grew since it was listed.
            var buffer = new byte[Math.Min(file.Length, maxBytes)];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read it: {e.Message}";
            return null;
        }
    }
}
