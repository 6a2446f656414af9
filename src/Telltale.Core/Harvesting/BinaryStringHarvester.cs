using System.Buffers;
using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Harvesting;

/// <summary>
/// What <c>strings</c> does, for ASCII and UTF-16LE at once: runs of printable characters in binary
/// entries. Locations carry only the byte offset, since lines mean nothing in a binary.
/// </summary>
public sealed class BinaryStringHarvester : IStringHarvester
{
    public const int MinRunLength = 6;

    public bool CanHarvest(ArtifactEntry entry) => entry.Kind == EntryKind.Binary;

    public IEnumerable<HarvestedLiteral> Harvest(ArtifactEntry entry, CancellationToken cancellationToken = default)
    {
        var results = new List<HarvestedLiteral>();
        var data = entry.Content.Span;
        HarvestAscii(entry.Path, data, results);
        cancellationToken.ThrowIfCancellationRequested();
        HarvestUtf16(entry.Path, data, results);
        return results;
    }

    private static readonly SearchValues<byte> Printable = SearchValues.Create([(byte)'\t', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    private static bool IsPrintable(byte b) => b is >= 0x20 and < 0x7F or (byte)'\t';

    private static void HarvestAscii(string path, ReadOnlySpan<byte> data, List<HarvestedLiteral> results)
    {
        // Vectorised both ways: most of a binary is not text, and most text runs are long.
        var position = 0;
        while (position < data.Length)
        {
            var start = data[position..].IndexOfAny(Printable);
            if (start < 0)
            {
                return;
            }

            start += position;
            var length = data[start..].IndexOfAnyExcept(Printable);
            if (length < 0)
            {
                length = data.Length - start;
            }

            if (length >= MinRunLength)
            {
                results.Add(new HarvestedLiteral(Encoding.ASCII.GetString(data.Slice(start, length)), LiteralKind.AsciiRun, new SourceLocation(path, 0, 0, start, length)));
            }

            position = start + length;
        }
    }

    private static bool IsUtf16Char(ReadOnlySpan<byte> data, int index) =>
        index + 1 < data.Length && data[index + 1] == 0 && IsPrintable(data[index]);

    private static void HarvestUtf16(string path, ReadOnlySpan<byte> data, List<HarvestedLiteral> results)
    {
        // Two alignments, since a UTF-16 string can start at an odd offset inside a binary. A run needs
        // MinRunLength characters in a row, so the last of them is tested first: when it is not a
        // character, no run can cover it and the search jumps past it (most positions are rejected by
        // one test instead of six).
        const int Step = 2;
        const int LastOfRun = (MinRunLength - 1) * Step;
        for (var alignment = 0; alignment < Step; alignment++)
        {
            var position = alignment;
            while (position + LastOfRun < data.Length)
            {
                if (!IsUtf16Char(data, position + LastOfRun))
                {
                    position += LastOfRun + Step;
                    continue;
                }

                var failed = -1;
                for (var back = position + LastOfRun - Step; back >= position; back -= Step)
                {
                    if (!IsUtf16Char(data, back))
                    {
                        failed = back;
                        break;
                    }
                }

                if (failed >= 0)
                {
                    position = failed + Step;
                    continue;
                }

                var end = position + LastOfRun + Step;
                while (IsUtf16Char(data, end))
                {
                    end += Step;
                }

                var run = data[position..end];
                var text = string.Create(run.Length / Step, run.ToArray(), static (chars, bytes) =>
                {
                    for (var i = 0; i < chars.Length; i++)
                    {
                        chars[i] = (char)bytes[i * Step];
                    }
                });
                results.Add(new HarvestedLiteral(text, LiteralKind.Utf16Run, new SourceLocation(path, 0, 0, position, end - position)));
                position = end;
            }
        }
    }
}
