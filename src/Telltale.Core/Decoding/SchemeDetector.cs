using System.Text;
using Telltale.Findings;
using Telltale.Harvesting;
using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Finds one obfuscation scheme applied to many literals: the literals passed to the same function in
/// one file, mostly in one text encoding, whose decoded bytes share one repeating xor key. The key is
/// recovered from all of them together (each literal starts at key offset 0), which works where one
/// short literal alone could never show its key.
/// </summary>
public sealed class SchemeDetector
{
    /// <summary>Fewer literals than this behind one function is not a scheme worth a summary.</summary>
    public const int MinLiterals = 20;

    /// <summary>Share of a group's literals that must be in the scheme's text encoding.</summary>
    private const double MinEncodedShare = 0.9;

    /// <summary>Bits per byte by which a recovered key must beat the undecoded bytes.</summary>
    private const double KeyedSchemeMargin = 0.5;

    private static readonly IDecoder[] FirstLayers = [new Base64Decoder(), new HexDecoder()];

    private readonly ScanLimits _limits;

    public SchemeDetector(ScanLimits limits) => _limits = limits;

    public IReadOnlyList<DetectedScheme> Detect(IReadOnlyList<HarvestedLiteral> literals)
    {
        var schemes = new List<DetectedScheme>();
        var groups = literals
            .Where(l => l.Callee is not null && l.Kind == LiteralKind.JsString)
            .GroupBy(l => (l.Location.Path, l.Callee));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            if (members.Length >= MinLiterals && TryDetect(group.Key.Callee!, members) is { } scheme)
            {
                schemes.Add(scheme);
            }
        }

        return schemes;
    }

    private DetectedScheme? TryDetect(string callee, HarvestedLiteral[] members)
    {
        foreach (var layer in FirstLayers)
        {
            var decoded = members.Select(m => FirstLayer(layer, m.Value)).ToArray();
            var encoded = decoded.Count(d => d is not null);
            if (encoded < members.Length * MinEncodedShare)
            {
                continue;
            }

            var samples = decoded.Where(d => d is not null).Select(d => d!.Value.Output).ToArray();
            var key = XorKeyFinder.FindRepeatingKey(samples, RepeatingKeyXorDecoder.MaxKeyLength);

            // A small key (0x01 0x02 …) leaves text printable, so "clean" alone does not mean unkeyed:
            // the key must also read clearly better than the bytes as they are.
            var keyed = key is not null && !key.Bytes.All(b => b == 0) && key.Score > MeanScore(samples) + KeyedSchemeMargin;
            if (!keyed)
            {
                var plainText = samples.Count(s => TextPlausibility.IsCleanText(s));
                if (plainText >= samples.Length * MinEncodedShare)
                {
                    return Build(callee, members, decoded, layer.Name, key: null);
                }

                continue;
            }

            var scheme = Build(callee, members, decoded, layer.Name, key!);
            if (scheme.Summary.DecodedFraction >= 0.5)
            {
                return scheme;
            }
        }

        return null;
    }

    private static double MeanScore(byte[][] samples)
    {
        double sum = 0;
        long count = 0;
        foreach (var sample in samples)
        {
            sum += TextPlausibility.Score(sample) * sample.Length;
            count += sample.Length;
        }

        return count == 0 ? double.NegativeInfinity : sum / count;
    }

    private static DecodedLayer? FirstLayer(IDecoder decoder, string value)
    {
        var bytes = LiteralBytes.From(value);
        foreach (var layer in decoder.Decode(bytes, ScanLimits.Default))
        {
            return layer;
        }

        return null;
    }

    private DetectedScheme Build(string callee, HarvestedLiteral[] members, DecodedLayer?[] decoded, string encoding, XorKey? key)
    {
        string[] chain = key is null ? [encoding] : [encoding, key.Label];
        var results = new List<(HarvestedLiteral, DecodeResult?)>(members.Length);
        var samples = new List<string>();
        var decodedCount = 0;
        for (var i = 0; i < members.Length; i++)
        {
            DecodeResult? result = null;
            if (decoded[i] is { } layer && layer.Output.Length <= _limits.MaxDecodedLiteralBytes)
            {
                var plain = key is null ? layer.Output : key.Apply(layer.Output);
                if (TextPlausibility.IsCleanText(plain))
                {
                    result = new DecodeResult(Encoding.UTF8.GetString(plain), plain, chain, TextPlausibility.Score(plain));
                    decodedCount++;
                    if (samples.Count < 5 && plain.Length >= 12)
                    {
                        samples.Add(result.Value);
                    }
                }
            }

            results.Add((members[i], result));
        }

        var summary = new ObfuscationScheme
        {
            Callee = callee,
            Chain = chain,
            KeyHex = key is null ? "" : Convert.ToHexStringLower(key.Bytes),
            KeyText = key is not null && TextPlausibility.IsPrintableAscii(key.Bytes) ? Encoding.ASCII.GetString(key.Bytes) : "",
            LiteralCount = members.Length,
            DecodedCount = decodedCount,
            FirstLocation = members[0].Location,
            Samples = samples,
        };
        return new DetectedScheme(summary, results);
    }
}
