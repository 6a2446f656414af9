using System.Buffers.Text;
using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Standard and URL-safe base64. Strict: the whole input must be base64, long enough that an ordinary
/// identifier is not mistaken for it, and use at least one character class words rarely mix.
/// </summary>
public sealed class Base64Decoder : IDecoder
{
    public const int MinLength = 12;

    public string Name => "base64";

    public bool ReadsText => true;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        if (input.Length < MinLength || !LooksLikeBase64(input, out var urlSafe))
        {
            yield break;
        }

        var normalised = Normalise(input, urlSafe);
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(normalised.Length)];
        if (Base64.DecodeFromUtf8(normalised, output, out _, out var written) != System.Buffers.OperationStatus.Done || written == 0)
        {
            yield break;
        }

        yield return new DecodedLayer(urlSafe ? "base64url" : Name, output[..written]);
    }

    private static bool LooksLikeBase64(ReadOnlySpan<byte> input, out bool urlSafe)
    {
        urlSafe = false;
        var standardOnly = false;
        bool upper = false, lower = false, digit = false;
        var padding = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (padding > 0 && c != '=')
            {
                return false;
            }

            switch (c)
            {
                case >= (byte)'A' and <= (byte)'Z': upper = true; break;
                case >= (byte)'a' and <= (byte)'z': lower = true; break;
                case >= (byte)'0' and <= (byte)'9': digit = true; break;
                case (byte)'+' or (byte)'/': standardOnly = true; break;
                case (byte)'-' or (byte)'_': urlSafe = true; break;
                case (byte)'=': padding++; break;
                default: return false;
            }
        }

        if (padding > 2 || (standardOnly && urlSafe))
        {
            return false;
        }

        var length = input.Length;
        if (padding > 0 && length % 4 != 0)
        {
            return false;
        }

        if (padding == 0 && length % 4 == 1)
        {
            return false;
        }

        // Words and identifiers are letters of one case, or camelCase without digits; encoded data mixes all three.
        return upper && lower && (digit || standardOnly || urlSafe || padding > 0);
    }

    private static byte[] Normalise(ReadOnlySpan<byte> input, bool urlSafe)
    {
        var unpadded = input.TrimEnd((byte)'=');
        var length = (unpadded.Length + 3) / 4 * 4;
        var normalised = new byte[length];
        for (var i = 0; i < unpadded.Length; i++)
        {
            var c = unpadded[i];
            normalised[i] = urlSafe ? c switch { (byte)'-' => (byte)'+', (byte)'_' => (byte)'/', _ => c } : c;
        }

        normalised.AsSpan(unpadded.Length).Fill((byte)'=');
        return normalised;
    }
}
