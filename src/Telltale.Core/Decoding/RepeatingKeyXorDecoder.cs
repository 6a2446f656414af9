using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Repeating-key xor on one blob, key lengths 2 to <see cref="MaxKeyLength"/>, key found statistically.
/// Needs enough bytes per key position to be sure; short literals hidden this way are found as a
/// scheme across many literals instead (see <c>SchemeDetector</c>).
/// </summary>
public sealed class RepeatingKeyXorDecoder : IDecoder
{
    public const int MaxKeyLength = 16;

    public string Name => "xor";

    public bool ReadsText => false;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        if (input.Length < 2 * 12)
        {
            yield break;
        }

        var key = XorKeyFinder.FindRepeatingKey([input], MaxKeyLength, minKeyLength: 2);
        // A zero byte leaves a column as it was and a key of one repeated byte is a single-byte key: both mean
        // the statistics fitted noise, not a key.
        if (key is null || key.Bytes.Contains((byte)0) || key.Bytes.All(b => b == key.Bytes[0]))
        {
            yield break;
        }

        // The model refines only keys whose output already reads as text by frequency: refining costs a few
        // hundred readings of the text, and most binary blobs are images and keys, not hidden text.
        var output = key.Apply(input);
        if (!TextPlausibility.IsPlausibleHiddenText(output))
        {
            yield break;
        }

        key = XorKeyFinder.Refine(input, key);
        output = key.Apply(input);
        if (key.Bytes.Length >= 2 && !key.Bytes.Contains((byte)0) && TextPlausibility.IsPlausibleHiddenText(output))
        {
            yield return new DecodedLayer(key.Label, output);
        }
    }
}
