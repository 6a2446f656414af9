namespace Telltale.Artifacts;

/// <summary>Recognises a tar header block without trusting anything else in it.</summary>
internal static class TarHeaders
{
    public const int BlockSize = 512;

    public static bool HasUstarMagic(ReadOnlySpan<byte> block) =>
        block.Length >= 262 && block[257..262].SequenceEqual("ustar"u8);

    public static bool IsZeroBlock(ReadOnlySpan<byte> block) =>
        block.Length >= BlockSize && !block[..BlockSize].ContainsAnyExcept((byte)0);

    /// <summary>True when the header checksum adds up, which is all a pre-POSIX (v7) tar has to show for itself.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize || block[0] == 0)
        {
            return false;
        }

        var field = block[148..156];
        long stored = 0;
        var digits = 0;
        foreach (var b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                stored = (stored * 8) + (b - '0');
                digits++;
            }
            else if (b is (byte)' ' or 0)
            {
                if (digits > 0)
                {
                    break;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        long unsignedSum = 0;
        long signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return stored == unsignedSum || stored == signedSum;
    }
}
