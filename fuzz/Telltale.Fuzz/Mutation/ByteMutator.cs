using System.Buffers.Binary;

namespace Telltale.Fuzz.Mutation;

/// <summary>
/// Havoc-style mutation of raw bytes: one to four stacked edits from bit flips, byte sets, interesting
/// integers (anywhere, at header-like positions, or over a field that already looks like an offset or
/// size into the input), ASCII number swaps, chunk insert/delete/duplicate, splicing and truncation.
/// </summary>
public sealed class ByteMutator : IMutator
{
    private const int HeaderWindow = 512;
    private const int TrailerWindow = 64;

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, Random random, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(random);
        var data = new List<byte>(input);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++)
        {
            Apply(data, corpus, random);
        }

        if (data.Count > maxBytes)
        {
            data.RemoveRange(maxBytes, data.Count - maxBytes);
        }

        return [.. data];
    }

    private static void Apply(List<byte> data, IReadOnlyList<byte[]> corpus, Random random)
    {
        if (data.Count == 0)
        {
            data.AddRange(RandomBytes(random, 1 + random.Next(16)));
            return;
        }

        switch (random.Next(13))
        {
            case 0:
                data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                data[random.Next(data.Count)] = (byte)random.Next(256);
                break;
            case 2:
                WriteInteger(data, random.Next(data.Count), random, data.Count);
                break;
            case 3:
                WriteInteger(data, HeaderPosition(data.Count, random), random, data.Count);
                break;
            case 4:
                WriteInteger(data, FieldLookingLikeAnOffset(data, random), random, data.Count);
                break;
            case 5:
                ReplaceAsciiNumber(data, random);
                break;
            case 6:
                data.InsertRange(random.Next(data.Count + 1), RandomBytes(random, 1 + random.Next(random.Next(2) == 0 ? 16 : 4096)));
                break;
            case 7:
                {
                    var at = random.Next(data.Count);
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(random.Next(2) == 0 ? 16 : 4096)));
                    break;
                }

            case 8:
                {
                    var at = random.Next(data.Count);
                    var length = Math.Min(data.Count - at, 1 + random.Next(512));
                    var chunk = data.GetRange(at, length);
                    var copies = random.Next(4) == 0 ? 1 + random.Next(64) : 1;
                    var target = random.Next(data.Count + 1);
                    for (var c = 0; c < copies; c++)
                    {
                        data.InsertRange(target, chunk);
                    }

                    break;
                }

            case 9:
                {
                    var from = random.Next(data.Count);
                    var to = random.Next(data.Count);
                    var length = Math.Min(Math.Min(data.Count - from, data.Count - to), 1 + random.Next(256));
                    var chunk = data.GetRange(from, length);
                    for (var k = 0; k < length; k++)
                    {
                        data[to + k] = chunk[k];
                    }

                    break;
                }

            case 10:
                Splice(data, corpus, random);
                break;
            case 11:
                {
                    var cut = random.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                }

            default:
                // Several flips in one small window: headers are dense, so nearby fields change together.
                {
                    var at = HeaderPosition(data.Count, random);
                    for (var k = 0; k < 1 + random.Next(8) && at + k < data.Count; k++)
                    {
                        data[at + k] = (byte)random.Next(256);
                    }

                    break;
                }
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        if (random.Next(3) == 0)
        {
            Array.Fill(bytes, (byte)random.Next(256));
        }
        else
        {
            random.NextBytes(bytes);
        }

        return bytes;
    }

    /// <summary>An aligned position in the first bytes or the last bytes, where file headers and trailers (zip, gzip, Bun) are.</summary>
    private static int HeaderPosition(int length, Random random)
    {
        var align = 1 << random.Next(4);
        var at = random.Next(3) == 0
            ? Math.Max(0, length - 1 - random.Next(Math.Min(TrailerWindow, length)))
            : random.Next(Math.Min(HeaderWindow, length));
        return Math.Min(length - 1, at / align * align);
    }

    /// <summary>A 4-byte aligned field whose value (either byte order) lies inside the input: likely an offset or a size.</summary>
    private static int FieldLookingLikeAnOffset(List<byte> data, Random random)
    {
        Span<byte> field = stackalloc byte[4];
        for (var attempt = 0; attempt < 64 && data.Count >= 8; attempt++)
        {
            var at = random.Next(data.Count - 4) & ~3;
            for (var k = 0; k < 4; k++)
            {
                field[k] = data[at + k];
            }

            var little = BinaryPrimitives.ReadUInt32LittleEndian(field);
            var big = BinaryPrimitives.ReadUInt32BigEndian(field);
            if ((little is > 8 && little <= data.Count) || (big is > 8 && big <= data.Count))
            {
                return at;
            }
        }

        return random.Next(data.Count);
    }

    private static void WriteInteger(List<byte> data, int at, Random random, int inputLength)
    {
        var value = InterestingValues.Pick(random, inputLength);
        if (random.Next(4) == 0)
        {
            value = unchecked(value + (ulong)random.Next(-4, 5));
        }

        var width = 1 << random.Next(4);
        Span<byte> bytes = stackalloc byte[8];
        if (random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            bytes = bytes[..width];
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            bytes = bytes[(8 - width)..];
        }

        for (var k = 0; k < bytes.Length && at + k < data.Count; k++)
        {
            data[at + k] = bytes[k];
        }
    }

    /// <summary>Replaces a run of ASCII digits near a random position with a boundary number.</summary>
    private static void ReplaceAsciiNumber(List<byte> data, Random random)
    {
        var start = random.Next(data.Count);
        var end = Math.Min(data.Count, start + 4096);
        var at = start;
        while (at < end && !char.IsAsciiDigit((char)data[at]))
        {
            at++;
        }

        if (at == end)
        {
            return;
        }

        var runEnd = at;
        while (runEnd < data.Count && char.IsAsciiDigit((char)data[runEnd]))
        {
            runEnd++;
        }

        var replacement = System.Text.Encoding.ASCII.GetBytes(InterestingValues.PickText(random, data.Count));
        if (random.Next(2) == 0)
        {
            // Same width (space or zero padded), as fixed-width fields (tar, pkg placeholders) expect.
            var width = runEnd - at;
            var padded = new byte[width];
            Array.Fill(padded, random.Next(2) == 0 ? (byte)' ' : (byte)'0');
            replacement.AsSpan(0, Math.Min(width, replacement.Length)).CopyTo(padded);
            replacement = padded;
        }

        data.RemoveRange(at, runEnd - at);
        data.InsertRange(at, replacement);
    }

    private static void Splice(List<byte> data, IReadOnlyList<byte[]> corpus, Random random)
    {
        if (corpus.Count == 0)
        {
            return;
        }

        var other = corpus[random.Next(corpus.Count)];
        if (other.Length == 0)
        {
            return;
        }

        var cut = random.Next(data.Count);
        var from = random.Next(other.Length);
        var length = Math.Min(other.Length - from, 1 + random.Next(Math.Max(1, other.Length)));
        data.RemoveRange(cut, data.Count - cut);
        data.AddRange(other.AsSpan(from, length).ToArray());
    }
}
