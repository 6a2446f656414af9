namespace Telltale.Gateway;

/// <summary>The Adler-32 that ends a zlib stream, to tell a whole body from a cut one (gzip's CRC-32 is <see cref="Artifacts.Crc32"/>, the zip one).</summary>
internal static class Adler32
{
    public static uint Compute(ReadOnlySpan<byte> data)
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
}
