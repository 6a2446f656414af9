using System.Runtime.InteropServices;

namespace Telltale.Artifacts;

internal static class StreamReading
{
    /// <summary>
    /// Reads to the end, but never more than <paramref name="limit"/> + 1 bytes: null means the stream
    /// holds more than the limit, whatever a header claimed. The buffer grows with the data, so a header
    /// that overstates the size does not make us allocate it.
    /// </summary>
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

                // Doubling, but never past the declared size while the data stays within it: a 380 MB
                // entry then ends in a 380 MB buffer, not a 512 MB one, and a header that overstates the
                // size still costs no more than twice the real data.
                var doubled = (long)buffer.Length * 2;
                if (buffer.Length <= sizeHint)
                {
                    doubled = Math.Min(doubled, sizeHint + 1);
                }

                var grown = (int)Math.Min(Math.Min(doubled, limit + 1), Array.MaxLength);
                if (grown <= buffer.Length)
                {
                    return null;
                }

                Array.Resize(ref buffer, grown);
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
