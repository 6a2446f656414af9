using System.Text;
using Telltale.Gateway;

namespace Telltale.Probing.Capture;

/// <summary>
/// Reads a request body into text for the record, keeping at most a limit and draining the rest so the
/// client sees a normal exchange whatever it sent.
/// </summary>
internal static class RequestBodyReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// The body as UTF-8 text, at most <paramref name="maxBytes"/> of it. A gzip, deflate or br body is decoded
    /// first, because the record is for reading; the limit then applies to the decoded bytes, so a small
    /// compressed body cannot inflate past it.
    /// </summary>
    public static async Task<string> ReadAsync(Stream body, string? contentEncoding, int maxBytes, CancellationToken cancellationToken)
    {
        var raw = await ReadLimitedAsync(body, maxBytes, cancellationToken).ConfigureAwait(false);

        // Whatever is past the limit still has to be read: a client blocked on a full send window would
        // never get its answer.
        await body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);

        var decoded = raw;
        if (Decompressor(contentEncoding, raw) is { } decompressor)
        {
            try
            {
                await using (decompressor.ConfigureAwait(false))
                {
                    decoded = await ReadLimitedAsync(decompressor, maxBytes, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidDataException)
            {
                // A body that claims an encoding it does not have is recorded as sent.
                decoded = raw;
            }
        }

        return Encoding.UTF8.GetString(decoded);
    }

    private static Stream? Decompressor(string? contentEncoding, byte[] raw) =>
        contentEncoding is null ? null : ContentEncodingCodec.OpenDecoder(contentEncoding.Trim().ToLowerInvariant(), new MemoryStream(raw, writable: false));

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        while (kept.Length < maxBytes)
        {
            var want = (int)Math.Min(buffer.Length, maxBytes - kept.Length);
            var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }
}
