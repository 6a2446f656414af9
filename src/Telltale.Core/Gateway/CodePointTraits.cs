using System.Globalization;
using Telltale.Classification;

namespace Telltale.Gateway;

/// <summary>
/// What <see cref="PromptTextNormaliser"/> asks of a single code point, worked out on first use and kept for the life
/// of the process. Every answer is a pure function of the code point (and of the ICU the process bound), and working
/// one out costs Unicode category lookups and, for look-alikes, an ICU skeleton call, while text repeats the same few
/// characters: so examining text costs one table read per character.
/// <para>
/// The table is a block per 256 code points, allocated when a character of the block is first seen (Latin prose
/// touches three or four blocks, CJK prose a few dozen). Threads may race to fill an entry; they compute the same
/// value, and the replacement and labels are written before the traits that publish them.
/// </para>
/// </summary>
internal static class CodePointTraits
{
    private const int BlockBits = 8;
    private const int BlockMask = (1 << BlockBits) - 1;
    private const int CodePointLimit = 0x110000;

    private static readonly Block?[] Blocks = new Block?[CodePointLimit >> BlockBits];

    /// <summary>The traits of <paramref name="codePoint"/>: a Unicode scalar value or a lone surrogate (0 to U+10FFFF).</summary>
    public static CodePointTrait Of(int codePoint)
    {
        var block = Blocks[codePoint >> BlockBits] ?? CreateBlock(codePoint >> BlockBits);
        var traits = (CodePointTrait)Volatile.Read(ref block.Traits[codePoint & BlockMask]);
        return traits != CodePointTrait.None ? traits : Compute(block, codePoint);
    }

    /// <summary>
    /// The ASCII text a letter or punctuation candidate (<see cref="CodePointTrait.LetterCandidate"/>,
    /// <see cref="CodePointTrait.PunctuationCandidate"/>) is mapped to; null for any other code point.
    /// </summary>
    public static string? Replacement(int codePoint)
    {
        Of(codePoint);
        return Blocks[codePoint >> BlockBits]!.Replacements[codePoint & BlockMask];
    }

    /// <summary>"U+2019": how a change names the code point it took out.</summary>
    public static string Label(int codePoint)
    {
        var block = Blocks[codePoint >> BlockBits] ?? CreateBlock(codePoint >> BlockBits);
        ref var label = ref block.Labels[codePoint & BlockMask];
        return label ??= string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");
    }

    /// <summary>"U+0027": how a change names the replacement of a candidate, one label per code point, space-separated.</summary>
    public static string ReplacementLabel(int codePoint)
    {
        var block = Blocks[codePoint >> BlockBits] ?? CreateBlock(codePoint >> BlockBits);
        ref var label = ref block.ReplacementLabels[codePoint & BlockMask];
        return label ??= string.Join(' ', (Replacement(codePoint) ?? "").EnumerateRunes().Select(r => Label(r.Value)));
    }

    /// <summary>Invisible and not a space: looked through when words and neighbours are found, whether or not it is removed.</summary>
    public static bool IsTransparent(int codePoint) =>
        codePoint >= 0x80 && Confusables.IsInvisible(codePoint) && !CodePointRanges.IsSpace(codePoint);

    /// <summary>Letters (but not the spacing modifier letters, which serve as apostrophes), marks and digits.</summary>
    public static bool IsWordMember(int codePoint) => codePoint < 0x80
        ? CodePointRanges.IsAsciiLetterOrDigit(codePoint)
        : (CodePointRanges.IsLetter(codePoint) && codePoint is not (>= 0x02B0 and <= 0x02FF))
        || CodePointRanges.IsMark(codePoint) || CodePointRanges.IsDigit(codePoint);

    private static Block CreateBlock(int index)
    {
        Interlocked.CompareExchange(ref Blocks[index], new Block(), null);
        return Blocks[index]!;
    }

    private static CodePointTrait Compute(Block block, int codePoint)
    {
        var traits = CodePointTrait.Known;
        var transparent = IsTransparent(codePoint);
        var wordMember = IsWordMember(codePoint);
        var latinLetter = CodePointRanges.IsLatinLetter(codePoint);
        traits |= transparent ? CodePointTrait.Transparent : CodePointTrait.None;
        traits |= wordMember ? CodePointTrait.WordMember : CodePointTrait.None;
        traits |= latinLetter ? CodePointTrait.LatinLetter : CodePointTrait.None;
        traits |= CodePointRanges.IsLetter(codePoint) ? CodePointTrait.Letter : CodePointTrait.None;
        traits |= CodePointRanges.IsMark(codePoint) ? CodePointTrait.Mark : CodePointTrait.None;
        traits |= CodePointRanges.IsSpace(codePoint) ? CodePointTrait.Space : CodePointTrait.None;
        traits |= CodePointRanges.IsAsciiLetterOrDigit(codePoint) ? CodePointTrait.AsciiLetterOrDigit : CodePointTrait.None;

        if (codePoint >= 0x80 && !transparent && LookAlikeTable.Replacement(codePoint) is { } replacement)
        {
            // A letter may only become letters and punctuation only punctuation: otherwise the output would cut words
            // differently from the input and a second pass could decide differently.
            var alphanumeric = replacement.All(char.IsAsciiLetterOrDigit);
            if (wordMember && !latinLetter && alphanumeric)
            {
                traits |= CodePointTrait.LetterCandidate;
                block.Replacements[codePoint & BlockMask] = replacement;
            }
            else if (!wordMember && !replacement.Any(char.IsAsciiLetterOrDigit))
            {
                traits |= CodePointTrait.PunctuationCandidate;
                block.Replacements[codePoint & BlockMask] = replacement;
            }
        }

        Volatile.Write(ref block.Traits[codePoint & BlockMask], (ushort)traits);
        return traits;
    }

    private sealed class Block
    {
        // Stored as ushort, which Volatile reads and writes; CodePointTrait is a ushort enum.
        public ushort[] Traits { get; } = new ushort[1 << BlockBits];

        public string?[] Replacements { get; } = new string?[1 << BlockBits];

        public string?[] Labels { get; } = new string?[1 << BlockBits];

        public string?[] ReplacementLabels { get; } = new string?[1 << BlockBits];
    }
}
