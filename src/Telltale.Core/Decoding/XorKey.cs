using System.Text;

namespace Telltale.Decoding;

/// <summary>A recovered xor key and how text-like it makes the data (mean log2-probability per byte).</summary>
public sealed record XorKey(byte[] Bytes, double Score)
{
    /// <summary>Chain label: <c>xor 0x5B</c> for one byte, <c>xor key "OtD6…"</c> or hex for longer keys.</summary>
    public string Label => Bytes.Length == 1
        ? $"xor 0x{Bytes[0]:X2}"
        : TextPlausibility.IsPrintableAscii(Bytes) ? $"xor key \"{Encoding.ASCII.GetString(Bytes)}\"" : $"xor key 0x{Convert.ToHexString(Bytes)}";

    public byte[] Apply(ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ Bytes[i % Bytes.Length]);
        }

        return output;
    }
}
