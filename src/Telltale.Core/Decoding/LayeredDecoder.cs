using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Chains decoders up to <see cref="ScanLimits.MaxDecodeDepth"/> layers and keeps a result only when it
/// reads as text. When a layer's text decodes further (base64 of base64), the deeper text wins.
/// </summary>
public sealed class LayeredDecoder
{
    /// <summary>Binary blobs larger than this are embedded assets, not hidden strings: they are not xor'd or inflated.</summary>
    private const int MaxBinaryLayerInput = 256 * 1024;

    /// <summary>Bits per byte by which a keyed decoding must read better than plain text found one layer up.</summary>
    private const double KeyedLayerMargin = 1.0;

    /// <summary>The margin over plain text that is mostly letters; see <see cref="MarginOver"/>.</summary>
    private const double WordyTextMargin = 1.0;

    /// <summary>Below this many bytes, clean text from an unkeyed layer must also score as text: short random bytes are clean by chance.</summary>
    private const int MinCleanTextLength = 12;

    private readonly IReadOnlyList<IDecoder> _decoders;
    private readonly ScanLimits _limits;

    public LayeredDecoder(IEnumerable<IDecoder> decoders, ScanLimits limits)
    {
        _decoders = decoders.ToArray();
        _limits = limits;
    }

    /// <summary>Every decoder Telltale has, in the order they are tried.</summary>
    public static IReadOnlyList<IDecoder> AllDecoders { get; } =
    [
        new Base64Decoder(),
        new HexDecoder(),
        new EscapeDecoder(),
        new PercentDecoder(),
        new CharCodeDecoder(),
        new DecompressionDecoder(),
        new SingleByteXorDecoder(),
        new RepeatingKeyXorDecoder(),
    ];

    public static LayeredDecoder CreateDefault(ScanLimits limits) => new(AllDecoders, limits);

    /// <summary>
    /// Decodes one literal. Not cached here: callers that meet the same strings again (a bundle repeats
    /// its strings) keep a cache of their own per file, which needs no locks and dies with the file.
    /// </summary>
    public DecodeOutcome Decode(string literal)
    {
        if (literal.Length < 8 || literal.Length > _limits.MaxDecodedLiteralBytes)
        {
            return DecodeOutcome.Nothing;
        }

        return DecodeUncached(LiteralBytes.From(literal), LiteralBytes.IsByteString(literal));
    }

    public DecodeOutcome DecodeBytes(byte[] input) => DecodeUncached(input, binaryLiteral: true);

    private DecodeOutcome DecodeUncached(byte[] input, bool binaryLiteral)
    {
        var residue = new List<DecodedLayer>();
        var result = Search(input, [], residue, binaryLiteral);
        return result is null && residue.Count == 0 ? DecodeOutcome.Nothing : new DecodeOutcome(result, residue);
    }

    /// <summary>Keyed layers (xor) chose their key to look like text, so they must pass the stricter test.</summary>
    private static bool IsTextAfter(IDecoder decoder, byte[] output) => decoder is SingleByteXorDecoder or RepeatingKeyXorDecoder
        ? TextPlausibility.IsPlausibleHiddenText(output)
        : TextPlausibility.IsCleanText(output) && (output.Length >= MinCleanTextLength || TextPlausibility.IsPlausibleText(output));

    /// <summary>Valid UTF-8 with multi-byte characters is text in some script; xor'd bytes almost never are.</summary>
    private static bool IsNonAsciiUtf8(ReadOnlySpan<byte> data) =>
        !TextPlausibility.IsPrintableAscii(data) && data.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && System.Text.Unicode.Utf8.IsValid(data);

    /// <summary>
    /// How much better a deeper keyed decoding must read than the plain text above it. Text that is
    /// mostly letters (JSON, a JWT header) needs a wide margin: only a small key (xor 0x01 swaps
    /// letters for letters) leaves hidden text looking like that, and then the right key reads far better.
    /// </summary>
    private static double MarginOver(DecodeResult plain, DecodeResult deeper) =>
        !deeper.IsObfuscated || plain.IsObfuscated ? 0
        : IsWordyCleanText(plain.Bytes) ? WordyTextMargin
        : KeyedLayerMargin;

    private static bool IsWordyCleanText(ReadOnlySpan<byte> data)
    {
        if (!TextPlausibility.IsCleanText(data))
        {
            return false;
        }

        var letters = 0;
        foreach (var b in data)
        {
            if (char.IsAsciiLetter((char)b))
            {
                letters++;
            }
        }

        return letters * 10 >= data.Length * 4;
    }

    private DecodeResult? Search(byte[] input, List<string> chain, List<DecodedLayer> residue, bool binaryLiteral = false)
    {
        if (chain.Count >= _limits.MaxDecodeDepth)
        {
            return null;
        }

        var inputIsPrintable = TextPlausibility.IsPrintableAscii(input);
        if (!inputIsPrintable && (KnownBinaryFormats.IsKnown(input) || input.Length > MaxBinaryLayerInput))
        {
            return null;
        }

        // Xor of letters is often printable ("?>>+(>>0w"), and a small key leaves text readable, so below
        // the literal itself binary layers are tried on everything but text in a non-Latin script, and a
        // keyed result must then read clearly better (MarginOver). On the literal they are tried only for binary
        // strings (control characters in a string of bytes): every identifier in a bundle is printable
        // and not prose, and a raw xor'd literal is still caught by the raw sweep.
        var tryBinaryLayers = chain.Count == 0
            ? binaryLiteral && !TextPlausibility.IsCleanText(input)
            : !IsNonAsciiUtf8(input);
        DecodeResult? best = null;
        var keyedLayerFound = false;
        foreach (var decoder in _decoders)
        {
            if (decoder.ReadsText ? !inputIsPrintable : !tryBinaryLayers)
            {
                continue;
            }

            // A single-byte key that works makes the repeating-key search pointless.
            if (keyedLayerFound && decoder is RepeatingKeyXorDecoder)
            {
                continue;
            }

            foreach (var layer in decoder.Decode(input, _limits))
            {
                chain.Add(layer.Label);
                var plain = IsTextAfter(decoder, layer.Output)
                    ? new DecodeResult(LiteralBytes.ToText(layer.Output), layer.Output, chain.ToArray(), TextPlausibility.Score(layer.Output))
                    : null;
                var deeper = Search(layer.Output, chain, residue);

                // A deeper keyed layer must beat readable text clearly: some key always scores a little better.
                var candidate = deeper is not null && (plain is null || deeper.Score > plain.Score + MarginOver(plain, deeper))
                    ? deeper
                    : plain;

                if (candidate is null && chain.Count == 1 && decoder.ReadsText)
                {
                    residue.Add(layer);
                }

                chain.RemoveAt(chain.Count - 1);
                if (candidate is not null)
                {
                    keyedLayerFound |= decoder is SingleByteXorDecoder;
                    if (best is null || candidate.Score > best.Score + 0.01 || (candidate.Score > best.Score - 0.01 && candidate.Chain.Count < best.Chain.Count))
                    {
                        best = candidate;
                    }
                }
            }
        }

        return best;
    }
}
