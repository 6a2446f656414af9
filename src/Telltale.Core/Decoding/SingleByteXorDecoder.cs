using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Single-byte xor with every key at once: the key comes from the byte histogram (one pass, then 256
/// cheap sums), and the output is kept only when it reads as text.
/// </summary>
public sealed class SingleByteXorDecoder : IDecoder
{
    /// <summary>Shorter inputs make some key look like text by chance; the raw xor sweep covers them.</summary>
    public const int MinLength = 16;

    public string Name => "xor";

    public bool ReadsText => false;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        if (input.Length < MinLength)
        {
            yield break;
        }

        var key = XorKeyFinder.BestSingleByteKey(input);
        if (key.Bytes[0] == 0)
        {
            yield break;
        }

        // By frequency alone a short text's key is often a near miss that swaps cases or letters; the model picks
        // among the likeliest keys, once the output already reads as text (see RepeatingKeyXorDecoder).
        var output = key.Apply(input);
        if (!TextPlausibility.IsPlausibleHiddenText(output))
        {
            yield break;
        }

        key = XorKeyFinder.Refine(input, key);
        output = key.Apply(input);
        if (key.Bytes[0] != 0 && TextPlausibility.IsPlausibleHiddenText(output))
        {
            yield return new DecodedLayer(key.Label, output);
        }
    }
}
