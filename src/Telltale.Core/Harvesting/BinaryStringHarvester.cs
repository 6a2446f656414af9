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

    private static bool IsPrintable(int b) => b is >= 0x20 and < 0x7F or (byte)'\t';

    private static void HarvestAscii(string path, ReadOnlySpan<byte> data, List<HarvestedLiteral> results)
    {
        var start = -1;
        for (var i = 0; i <= data.Length; i++)
        {
            if (i < data.Length && IsPrintable(data[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0 && i - start >= MinRunLength)
            {
                var text = Encoding.ASCII.GetString(data[start..i]);
                results.Add(new HarvestedLiteral(text, LiteralKind.AsciiRun, new SourceLocation(path, 0, 0, start, i - start)));
            }

            start = -1;
        }
    }

    private static void HarvestUtf16(string path, ReadOnlySpan<byte> data, List<HarvestedLiteral> results)
    {
        // Two alignments, since a UTF-16 string can start at an odd offset inside a binary.
        for (var alignment = 0; alignment < 2; alignment++)
        {
            var start = -1;
            var builder = new StringBuilder();
            for (var i = alignment; i <= data.Length; i += 2)
            {
                var isChar = i + 1 < data.Length && data[i + 1] == 0 && IsPrintable(data[i]);
                if (isChar)
                {
                    if (start < 0)
                    {
                        start = i;
                    }

                    builder.Append((char)data[i]);
                    continue;
                }

                if (start >= 0 && builder.Length >= MinRunLength)
                {
                    results.Add(new HarvestedLiteral(builder.ToString(), LiteralKind.Utf16Run, new SourceLocation(path, 0, 0, start, i - start)));
                }

                start = -1;
                builder.Clear();
            }
        }
    }
}
