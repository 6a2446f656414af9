using System.Runtime.InteropServices;

namespace Telltale.Artifacts;

internal static class StreamReading
{
    /// <summary>Data a stream must really deliver before a larger declared size is believed and allocated at once.</summary>
    private const int TrustAfterBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Reads to the end, but never more than <paramref name="limit"/> + 1 bytes: null means the stream
    /// holds more than the limit, whatever a header claimed. The buffer grows with the data, so a header
    /// that overstates the size does not make us allocate it up front.
    /// </summary>
    /// <remarks>
    /// Growth: up to 16 MB the buffer doubles; once that much real data has arrived, the declared size is
    /// allocated in one step (uninitialised, so pages never written cost no memory). A 380 MB entry then
    /// costs one 380 MB buffer instead of a chain of doublings that ends in 512 MB and copies everything
    /// nine times; a header that lies costs at most its own size in address space after 16 MB of data.
    /// </remarks>
    public static ReadOnlyMemory<byte>? ReadAtMost(Stream stream, long limit, long sizeHint)
    {
        var capacity = (int)Math.Clamp(Math.Min(sizeHint, limit) + 1, 1, 1 << 20);
        var buffer = new byte[capacity];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return null;
                }

                var wanted = (long)buffer.Length * 2;
                if (length <= sizeHint)
                {
                    wanted = length >= TrustAfterBytes ? sizeHint + 1 : Math.Min(wanted, sizeHint + 1);
                }

                var grown = (int)Math.Min(Math.Min(wanted, limit + 1), Array.MaxLength);
                if (grown <= buffer.Length)
                {
                    return null;
                }

                var larger = GC.AllocateUninitializedArray<byte>(grown);
                buffer.AsSpan(0, length).CopyTo(larger);
                buffer = larger;
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length > limit ? null : buffer.AsMemory(0, length);
    }

    /// <summary>A read-only stream over the memory, without copying it (an array, or a pinned mapping).</summary>
    public static Stream Open(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new PinnedMemoryStream(memory);
}
