using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Telltale.Reports;

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
            return new DecodedBody(ReadOnlyMemory<byte>.Empty, encodings, new RequestRefusal(RefusalKind.UnsupportedEncoding, $"content encoding {ReportText.Quote(unknown, 40)} is not supported"));
        }

        var current = body;
        foreach (var coding in encodings.Reverse())
        {
            try
            {
                var decoded = coding == "br" ? InflateBrotli(current.Span, maxDecodedBytes) : Inflate(coding, current, maxDecodedBytes);
                if (decoded is null)
                {
                    return new DecodedBody(ReadOnlyMemory<byte>.Empty, encodings, new RequestRefusal(
                        RefusalKind.TooLarge, $"the {coding} body inflates past the limit of {maxDecodedBytes} bytes"));
                }

                if (!EndsWhole(coding, current.Span, decoded))
                {
                    throw new InvalidDataException("the stream is truncated or its checksum does not match");
                }

                current = decoded;
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                // GZipStream and ZLibStream throw the first, BrotliStream the second ("Decoder ran into invalid data").
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

    private static byte[]? Inflate(string coding, ReadOnlyMemory<byte> body, long maxBytes)
    {
        using var decoder = OpenDecoder(coding, new MemoryStream(body.ToArray(), writable: false))!;
        return ReadAtMost(decoder, maxBytes);
    }

    /// <summary>
    /// The .NET inflaters end quietly when their input stops early, which would let the part of a body that arrived be
    /// rewritten and forwarded as if whole. gzip and zlib end in a checksum of the whole output, so a cut body fails
    /// it; brotli has none, so <see cref="InflateBrotli"/> insists on the stream's own end marker instead.
    /// </summary>
    private static bool EndsWhole(string coding, ReadOnlySpan<byte> encoded, byte[] decoded) => coding switch
    {
        // One member only: concatenated gzip members are legal but no HTTP client sends them, so they are refused.
        "gzip" or "x-gzip" => encoded.Length >= 18
            && BinaryPrimitives.ReadUInt32LittleEndian(encoded[^8..]) == Artifacts.Crc32.Compute(decoded)
            && BinaryPrimitives.ReadUInt32LittleEndian(encoded[^4..]) == unchecked((uint)decoded.Length),
        "deflate" => encoded.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(encoded[^4..]) == Adler32.Compute(decoded),
        _ => true,
    };

    private static byte[]? InflateBrotli(ReadOnlySpan<byte> encoded, long maxBytes)
    {
        using var decoder = new BrotliDecoder();
        using var kept = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            var status = decoder.Decompress(encoded, buffer, out var consumed, out var written);
            encoded = encoded[consumed..];
            if (kept.Length + written > maxBytes)
            {
                return null;
            }

            kept.Write(buffer, 0, written);
            switch (status)
            {
                case OperationStatus.Done when encoded.IsEmpty:
                    return kept.ToArray();
                case OperationStatus.Done:
                    throw new InvalidDataException("data follows the end of the brotli stream");
                case OperationStatus.DestinationTooSmall:
                    continue;
                case OperationStatus.NeedMoreData:
                    throw new InvalidDataException("the brotli stream is truncated");
                default:
                    throw new InvalidDataException("the brotli stream is invalid");
            }
        }
    }

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
