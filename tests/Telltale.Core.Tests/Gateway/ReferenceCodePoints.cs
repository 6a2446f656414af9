using System.Text;

namespace Telltale.Tests.Gateway;

/// <summary>
/// For <see cref="ReferencePromptTextNormaliser"/>: a string as code points with their UTF-16 offsets. A lone surrogate is kept as its own value rather than
/// replaced by U+FFFD, so that text the normaliser leaves alone is copied back exactly.
/// </summary>
internal sealed class ReferenceCodePoints
{
    private readonly List<int> values;
    private readonly List<int> offsets;

    private ReferenceCodePoints(List<int> values, List<int> offsets)
    {
        this.values = values;
        this.offsets = offsets;
    }

    public int Count => values.Count;

    public int this[int index] => values[index];

    public static ReferenceCodePoints Of(string text)
    {
        var values = new List<int>(text.Length);
        var offsets = new List<int>(text.Length);
        var offset = 0;
        while (offset < text.Length)
        {
            offsets.Add(offset);
            if (Rune.DecodeFromUtf16(text.AsSpan(offset), out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                values.Add(rune.Value);
                offset += consumed;
            }
            else
            {
                values.Add(text[offset]);
                offset++;
            }
        }

        return new ReferenceCodePoints(values, offsets);
    }

    public int Offset(int index) => offsets[index];

    /// <summary>UTF-16 units of the code point at <paramref name="index"/>: 2 for a supplementary character, else 1.</summary>
    public int Length(int index) => values[index] > 0xFFFF ? 2 : 1;
}
