using System.IO.Compression;

namespace Telltale.Gateway;

/// <summary>
/// The HTTP content codings a request body may arrive in: gzip (and x-gzip), deflate (which HTTP defines as the
/// zlib format), br and identity, in any stack ("gzip, br" was gzip first, then br). Decoding is bounded, so a zip
/// bomb stops at the limit instead of filling memory; an unknown coding is refused, not passed through, because the
/// gateway cannot clean what it cannot read.
/// </summary>
public static class ContentEncodingCodec
{
    private const int ChunkBytes = 64 * 1024;

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "gzip", "x-gzip", "deflate", "br" };

    /// <summary>The codings named by a Content-Encoding header, lower-cased, in the order they were applied, identity dropped.</summary>
    public static IReadOnlyList<string> Parse(string? contentEncoding) =>
        (contentEncoding ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(coding => coding.ToLowerInvariant())
            .Where(coding => coding != "identity")
            .ToArray();

    public static DecodedBody Decode(ReadOnlyMemory<byte> body, string? contentEncoding, long maxDecodedBytes)
    {
        var encodings = Parse(contentEncoding);
        if (encodings.FirstOrDefault(coding => !Supported.Contains(coding)) is { } unknown)
        {
            return new DecodedBody(ReadOnlyMemory<byte>.Empty, encodings, new RequestRefusal(RefusalKind.UnsupportedEncoding, $"content encoding \"{unknown}\" is not supported"));
        }

        var current = body;
        foreach (var coding in encodings.Reverse())
        {
            try
            {
                using var decoder = OpenDecoder(coding, new MemoryStream(current.ToArray(), writable: false))!;
                if (ReadAtMost(decoder, maxDecodedBytes) is not { } decoded)
                {
                    return new DecodedBody(ReadOnlyMemory<byte>.Empty, encodings, new RequestRefusal(
                        RefusalKind.TooLarge, $"the {coding} body inflates past the limit of {maxDecodedBytes} bytes"));
                }

                current = decoded;
            }
            catch (InvalidDataException e)
            {
                return new DecodedBody(ReadOnlyMemory<byte>.Empty, encodings, new RequestRefusal(
                    RefusalKind.CorruptEncoding, $"the body is not valid {coding}: {e.Message}"));
            }
        }

        return new DecodedBody(current, encodings, null);
    }

    /// <summary>Applies <paramref name="encodings"/> in order, as the client did.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> body, IReadOnlyList<string> encodings)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        var current = body.ToArray();
        foreach (var coding in encodings)
        {
            using var output = new MemoryStream();
            using (var encoder = OpenEncoder(coding, output))
            {
                encoder.Write(current);
            }

            current = output.ToArray();
        }

        return current;
    }

    /// <summary>A stream decoding <paramref name="source"/> in <paramref name="coding"/>, or null for a coding not supported here.</summary>
    internal static Stream? OpenDecoder(string coding, Stream source) => coding switch
    {
        "gzip" or "x-gzip" => new GZipStream(source, CompressionMode.Decompress),
        "deflate" => new ZLibStream(source, CompressionMode.Decompress),
        "br" => new BrotliStream(source, CompressionMode.Decompress),
        _ => null,
    };

    private static Stream OpenEncoder(string coding, Stream destination) => coding switch
    {
        "gzip" or "x-gzip" => new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true),
        "deflate" => new ZLibStream(destination, CompressionLevel.Optimal, leaveOpen: true),
        "br" => new BrotliStream(destination, CompressionLevel.Optimal, leaveOpen: true),
        _ => throw new ArgumentException($"content encoding \"{coding}\" is not supported", nameof(coding)),
    };

    private static byte[]? ReadAtMost(Stream stream, long maxBytes)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (kept.Length + read > maxBytes)
            {
                return null;
            }

            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }
}
