using System.Globalization;

namespace Telltale.Probing.Reports;

/// <summary>
/// One change of a difference as the terminal and Markdown views show it, from the same data the JSON carries.
/// <see cref="Excerpt"/> is the text around the change with the change marked in place (<c>Today[' → ’]s date</c>),
/// or, for a request or field that only some variants have, what each side holds (<c>(absent) → cn</c>).
/// <see cref="CodePoints"/> names what was removed and added (<c>U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK</c>)
/// and is null for such a presence difference, which replaces no characters. Excerpts come from the probed tool and
/// show invisible and control characters escaped; each view still passes them through its own escaping.
/// </summary>
public sealed record MarkedChange(string Excerpt, string? CodePoints)
{
    /// <summary>Names beyond this many per side say nothing a reader can use; the JSON keeps them all.</summary>
    public const int NamedCodePointLimit = 8;

    /// <summary>Each change of <paramref name="difference"/> as the model gives it, or its two sides when it is about presence.</summary>
    public static IReadOnlyList<MarkedChange> Of(ProbeDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);

        // Appearing or vanishing is one change whatever the value: naming every code point of the value says no more.
        if (difference.Kind == DifferenceKind.Presence || difference.Changes.Count == 0)
        {
            return [new MarkedChange($"{difference.ReferenceExcerpt} → {difference.VariantExcerpt}", null)];
        }

        return [.. difference.Changes.Select(change => new MarkedChange(change.Excerpt, NameCodePoints(change)))];
    }

    /// <summary><c>U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK · look-alike</c>; an empty side is <c>(none)</c>.</summary>
    public static string NameCodePoints(CodePointChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var flags = (change.IsLookAlike ? " · look-alike" : "") + (change.IsInvisible ? " · invisible" : "");
        return $"{Names(change.OldCodePoints)} → {Names(change.NewCodePoints)}{flags}";
    }

    private static string Names(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "(none)",
        <= NamedCodePointLimit => string.Join(", ", names),
        _ => string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", names.Take(NamedCodePointLimit))}, … (+{names.Count - NamedCodePointLimit} more)"),
    };
}
