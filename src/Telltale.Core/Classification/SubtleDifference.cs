namespace Telltale.Classification;

/// <summary>How variants of a text differ when they are not look-alikes but a reader would still not notice, most hidden first.</summary>
public enum SubtleDifference
{
    /// <summary>Only in spaces or tabs: one space against two, a trailing space. Nothing on the screen shows it.</summary>
    Whitespace,

    /// <summary>Only in which dash or hyphen: <c>-</c>, <c>‐</c>, <c>–</c>, <c>—</c>, <c>−</c>.</summary>
    Dash,

    /// <summary>Only in punctuation at the same places: a date written with <c>/</c> instead of <c>-</c>, <c>;</c> for <c>,</c>.</summary>
    Punctuation,

    /// <summary>Only in the letter case of a word.</summary>
    LetterCase,

    /// <summary>The same sentences (or lines) in another order: every word is there, so nothing looks wrong.</summary>
    SentenceOrder,
}
