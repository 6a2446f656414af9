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

    /// <summary>
    /// Shortest text a keyed decoding may give: below it the fitted key is a large share of what is "decoded",
    /// and the model has too few characters to tell language from luck. Measured on 41 scans of honest packages
    /// (docs/false-positives.md): of 59 false keyed decodings, the 5 that read as language to the model were all
    /// 16 or 17 characters long (tokenizer entries such as "abcdefghijklmnop"). Shorter xor'd strings are still
    /// swept for indicators as raw bytes.
    /// </summary>
    public const int MinKeyedTextLength = 20;

    /// <summary>Bits per character by which keyed text must read better, by <see cref="TextModel"/>, than what it was decoded from.</summary>
    public const double KeyedTextMargin = 2.0;

    /// <summary>
    /// Mean log2-probability per character, by <see cref="TextModel"/>, below which keyed output is not language
    /// whatever it was decoded from. Prose and code score about -2 to -5, lists of names -5 to -8, fitted noise
    /// -10 and below.
    /// </summary>
    public const double MinKeyedTextScore = -8.5;

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

        return DecodeUncached(LiteralBytes.From(literal), LiteralBytes.IsByteString(literal), new SearchState(literal, null));
    }

    public DecodeOutcome DecodeBytes(byte[] input) => DecodeUncached(input, binaryLiteral: true, new SearchState(null, input));

    private DecodeOutcome DecodeUncached(byte[] input, bool binaryLiteral, SearchState search)
    {
        var result = Search(input, [], search, keyedReference: double.NegativeInfinity, binaryLiteral);
        return result is null && search.Residue.Count == 0 ? DecodeOutcome.Nothing : new DecodeOutcome(result, search.Residue);
    }

    /// <summary>
    /// What one literal's search shares across its layers: the residue it collects, and the literal's own model
    /// score, read only when a keyed layer needs it (most literals never reach one).
    /// </summary>
    private sealed class SearchState(string? text, byte[]? bytes)
    {
        private double? _literalScore;

        public List<DecodedLayer> Residue { get; } = [];

        public double LiteralScore => _literalScore ??= text is not null ? TextModel.Default.Score(text) : TextModel.Default.Score(bytes);
    }

    /// <summary>
    /// A keyed decoding is a claim that the literal hides text, and a key fitted to the data always makes some
    /// text-like bytes (a format string's <c>%02x</c> read as percent-encoding, then xor'd, reads as letters to a
    /// byte-frequency test). So the decoded text must read better than what it was decoded from, by the
    /// character trigram model: better than the literal as written and better than the input of every keyed
    /// layer, when that input was text (a JWT header inside base64 is the text; xor'ing it again is noise).
    /// It must also read like language on its own terms and be long enough for the model to judge.
    /// </summary>
    private static bool ReadsBetterThanItsInput(byte[] output, double reference)
    {
        if (output.Length < MinKeyedTextLength)
        {
            return false;
        }

        var score = TextModel.Default.Score(output);
        return score >= MinKeyedTextScore && score >= reference + KeyedTextMargin;
    }

    private static bool IsKeyed(IDecoder decoder) => decoder is SingleByteXorDecoder or RepeatingKeyXorDecoder;

    /// <summary>Keyed layers (xor) chose their key to look like text, so they must pass the stricter test.</summary>
    private static bool IsTextAfter(IDecoder decoder, byte[] output) => IsKeyed(decoder)
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

    /// <param name="input">The bytes of this layer.</param>
    /// <param name="chain">The layers above, outermost first.</param>
    /// <param name="search">The literal's shared state.</param>
    /// <param name="keyedReference">
    /// The model score a keyed decoding below must beat: the highest of the literal's and of the inputs of keyed
    /// layers above; negative infinity while no keyed layer has been applied.
    /// </param>
    /// <param name="binaryLiteral">The input is the literal itself and a string of bytes.</param>
    private DecodeResult? Search(byte[] input, List<string> chain, SearchState search, double keyedReference, bool binaryLiteral = false)
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
                var reference = IsKeyed(decoder) ? Math.Max(Math.Max(keyedReference, search.LiteralScore), TextModel.Default.Score(input)) : keyedReference;
                var plain = IsTextAfter(decoder, layer.Output) && (double.IsNegativeInfinity(reference) || ReadsBetterThanItsInput(layer.Output, reference))
                    ? new DecodeResult(LiteralBytes.ToText(layer.Output), layer.Output, chain.ToArray(), TextPlausibility.Score(layer.Output))
                    : null;
                var deeper = Search(layer.Output, chain, search, reference);

                // A deeper keyed layer must beat readable text clearly: some key always scores a little better.
                var candidate = deeper is not null && (plain is null || deeper.Score > plain.Score + MarginOver(plain, deeper))
                    ? deeper
                    : plain;

                if (candidate is null && chain.Count == 1 && decoder.ReadsText)
                {
                    search.Residue.Add(layer);
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
