namespace Telltale.Gateway;

/// <summary>
/// Reads a request body whole before anything is forwarded, refusing one over the limit (without reading more than
/// one byte past it) and one whose length differs from its Content-Length, so a truncated or padded body is never
/// rewritten and sent on as if it were complete.
/// </summary>
public static class LimitedBodyReader
{
    private const int ChunkBytes = 64 * 1024;

    public static async Task<ReceivedBody> ReadAsync(Stream body, long? contentLength, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentLength > maxBytes)
        {
            return Refused(RefusalKind.TooLarge, $"Content-Length {contentLength} is over the limit of {maxBytes} bytes");
        }

        using var kept = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            // One byte past the limit is enough to know the body is too long.
            var want = (int)Math.Min(buffer.Length, maxBytes + 1 - kept.Length);
            var read = await body.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            kept.Write(buffer, 0, read);
            if (kept.Length > maxBytes)
            {
                return Refused(RefusalKind.TooLarge, $"the body is over the limit of {maxBytes} bytes");
            }

            if (contentLength is { } declaredLonger && kept.Length > declaredLonger)
            {
                return Refused(RefusalKind.LengthMismatch, $"the body is longer than its Content-Length of {declaredLonger}");
            }
        }

        if (contentLength is { } declared && kept.Length != declared)
        {
            return Refused(RefusalKind.LengthMismatch, $"the body has {kept.Length} bytes, its Content-Length says {declared}");
        }

        return new ReceivedBody(kept.ToArray(), null);
    }

    private static ReceivedBody Refused(RefusalKind kind, string reason) => new(ReadOnlyMemory<byte>.Empty, new RequestRefusal(kind, reason));
}
