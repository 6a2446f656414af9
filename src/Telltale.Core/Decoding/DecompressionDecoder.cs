using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// gzip, zlib and raw deflate, each bounded by <see cref="ScanLimits.MaxDecompressedBytes"/> so a
/// bomb inside a literal costs nothing. gzip and zlib are recognised by their headers; raw deflate
/// has none, so it is tried last and kept only if the layered decoder finds text in it.
/// </summary>
public sealed class DecompressionDecoder : IDecoder
{
    private const int ZlibHeaderBytes = 2;

    private static readonly Func<Stream, Stream> OpenGzip = s => new GZipStream(s, CompressionMode.Decompress);
    private static readonly Func<Stream, Stream> OpenZlib = s => new ZLibStream(s, CompressionMode.Decompress);
    private static readonly Func<Stream, Stream> OpenDeflate = s => new DeflateStream(s, CompressionMode.Decompress);

    private readonly bool _screensBeforeInflating;
    private readonly Func<Stream, Stream> _openDeflate;

    public DecompressionDecoder()
        : this(screensBeforeInflating: true, OpenDeflate)
    {
    }

    /// <summary>
    /// Lets tests compare against inflating every candidate unscreened and see whether a raw deflate
    /// stream was opened at all.
    /// </summary>
    internal DecompressionDecoder(bool screensBeforeInflating, Func<Stream, Stream> openDeflate)
    {
        _screensBeforeInflating = screensBeforeInflating;
        _openDeflate = openDeflate;
    }

    public string Name => "inflate";

    public bool ReadsText => false;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        if (input.Length < 8)
        {
            yield break;
        }

        if (input[0] == 0x1F && input[1] == 0x8B && input[2] == 8)
        {
            // GZipStream ends quietly on a truncated stream; the trailer's length (mod 2^32) says whether it was whole.
            if (Inflate(input, OpenGzip, limits) is { } gzip
                && BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(input.Length - 4)) == (uint)gzip.Length)
            {
                yield return new DecodedLayer("gzip", gzip);
            }

            yield break;
        }

        if (input[0] == 0x78 && input[1] is 0x01 or 0x5E or 0x9C or 0xDA)
        {
            // "x^" is ordinary text, so this header alone is weak evidence; its body is raw deflate
            // (none of these four headers sets FDICT) and can be screened the same way.
            if (MayInflate(input.AsSpan(ZlibHeaderBytes)) && Inflate(input, OpenZlib, limits) is { } zlib)
            {
                yield return new DecodedLayer("zlib", zlib);
            }

            yield break;
        }

        if (MayInflate(input) && Inflate(input, _openDeflate, limits) is { Length: >= 8 } deflate)
        {
            yield return new DecodedLayer("deflate", deflate);
        }
    }

    private bool MayInflate(ReadOnlySpan<byte> rawDeflate) => !_screensBeforeInflating || RawDeflateScreen.MayInflate(rawDeflate);

    private static byte[]? Inflate(byte[] input, Func<Stream, Stream> open, ScanLimits limits)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var source = open(new MemoryStream(input, writable: false));
            using var output = new MemoryStream();
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                if (output.Length + read > limits.MaxDecompressedBytes)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.Length == 0 ? null : output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
