namespace Telltale.Gateway;

/// <summary>The CRC-32 that ends a gzip member and the Adler-32 that ends a zlib stream, to tell a whole body from a cut one.</summary>
internal static class Checksums
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;

        // 5552 is the most bytes that can be summed before the 32-bit sums could overflow.
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(5552, data.Length)];
            foreach (var x in block)
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
