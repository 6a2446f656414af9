using Telltale.Classification;

namespace Telltale.Probing;

/// <summary>
/// One run of code points that differs between two strings. Offsets count code points, not UTF-16 units, so
/// they stay right after an astral character. The context is taken from the old side and shows invisible
/// characters escaped, because the point of the excerpt is to let a reader see what changed.
/// </summary>
public sealed record CodePointChange(
    int OldOffset,
    int NewOffset,
    string OldText,
    string NewText,
    string ContextBefore,
    string ContextAfter)
{
    private const int ExcerptTextLimit = 40;

    /// <summary>"U+0027 APOSTROPHE" for each removed code point.</summary>
    public IReadOnlyList<string> OldCodePoints => CodePointDiff.Describe(OldText);

    /// <summary>"U+2019 RIGHT SINGLE QUOTATION MARK" for each added code point.</summary>
    public IReadOnlyList<string> NewCodePoints => CodePointDiff.Describe(NewText);

    /// <summary>True when a removed or added code point renders as nothing or as an ordinary-looking gap.</summary>
    public bool IsInvisible => CodePointDiff.ContainsInvisible(OldText) || CodePointDiff.ContainsInvisible(NewText);

    /// <summary>
    /// True when the old and new text are TR39-confusable. A pure insertion or deletion has nothing to look like,
    /// so it is never a look-alike.
    /// </summary>
    public bool IsLookAlike => OldText.Length > 0 && NewText.Length > 0 && Confusables.AreConfusable(OldText, NewText);

    /// <summary><c>Today[' → ’]s date is</c>: the change in place, long sides shortened.</summary>
    public string Excerpt =>
        $"{ContextBefore}[{CodePointDiff.Shorten(OldText, ExcerptTextLimit)} → {CodePointDiff.Shorten(NewText, ExcerptTextLimit)}]{ContextAfter}";
}
