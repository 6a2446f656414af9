namespace Telltale.Gateway;

/// <summary>What <see cref="CodePointTraits"/> knows of one code point, as flags.</summary>
[Flags]
internal enum CodePointTrait : ushort
{
    /// <summary>Not worked out yet: every worked-out entry has <see cref="Known"/>.</summary>
    None = 0,
    Known = 1 << 0,

    /// <summary>Invisible and not a space (<see cref="CodePointTraits.IsTransparent"/>).</summary>
    Transparent = 1 << 1,

    /// <summary>A letter, mark or digit of a word (<see cref="CodePointTraits.IsWordMember"/>).</summary>
    WordMember = 1 << 2,
    Letter = 1 << 3,
    LatinLetter = 1 << 4,
    Mark = 1 << 5,

    /// <summary>A space, line or paragraph separator or a control (<see cref="CodePointRanges.IsSpace"/>).</summary>
    Space = 1 << 6,
    AsciiLetterOrDigit = 1 << 7,

    /// <summary>A non-Latin letter or digit that looks like ASCII letters or digits: mapped when its word is Latin.</summary>
    LetterCandidate = 1 << 8,

    /// <summary>Punctuation or a symbol that looks like ASCII punctuation: mapped when it stands next to Latin text.</summary>
    PunctuationCandidate = 1 << 9,
}
