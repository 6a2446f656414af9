namespace Telltale.Decoding;

/// <summary>
/// Media and code formats that bundles embed as base64 all the time: decoding them further only costs
/// time, and none of them is a way to hide text.
/// </summary>
public static class KnownBinaryFormats
{
    private static readonly byte[][] Magics =
    [
        [0x89, (byte)'P', (byte)'N', (byte)'G'],
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8'],
        [0xFF, 0xD8, 0xFF],
        [0x00, (byte)'a', (byte)'s', (byte)'m'],
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F'],
        [(byte)'w', (byte)'O', (byte)'F', (byte)'F'],
        [(byte)'w', (byte)'O', (byte)'F', (byte)'2'],
        [(byte)'O', (byte)'g', (byte)'g', (byte)'S'],
        [(byte)'I', (byte)'D', (byte)'3'],
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F'],
        [0x00, 0x00, 0x01, 0x00],
    ];

    public static bool IsKnown(ReadOnlySpan<byte> data)
    {
        foreach (var magic in Magics)
        {
            if (data.StartsWith(magic))
            {
                return true;
            }
        }

        // ISO media (mp4, heic, avif): "ftyp" at offset 4.
        return data.Length > 8 && data[4..8].SequenceEqual("ftyp"u8);
    }
}
