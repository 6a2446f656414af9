namespace Telltale.Probing;

/// <summary>
/// Splits what varies with the environment into covert channels and ordinary, visible adaptation. A
/// channel is a change a user would not see or would not think twice about: look-alike or invisible
/// characters, or a few characters changed inside prompt text (a date's separators). Requests and fields
/// that appear or disappear, header values and whole values replaced are features switched by the
/// environment (a non-default base URL drops a tool list); they are reported, but are not channels.
/// </summary>
public static class ChannelClassifier
{
    /// <summary>A text change this short on each side, inside otherwise equal text, is an edit a reader would miss.</summary>
    public const int MaxSmallEditCodePoints = 3;

    public static bool IsChannel(ProbeDifference difference) => difference.Kind switch
    {
        DifferenceKind.LookAlike or DifferenceKind.Invisible => true,
        DifferenceKind.Text => difference.Field.Location == FieldLocation.Body
            && IsProse(difference.ReferenceExcerpt)
            && difference.Changes.Count > 0
            && difference.Changes.All(c => Length(c.OldText) <= MaxSmallEditCodePoints && Length(c.NewText) <= MaxSmallEditCodePoints),
        _ => false,
    };

    /// <summary>
    /// Prompt-like text (long, with spaces) where a changed separator goes unnoticed; a short identifier
    /// such as an event name ("feature_ok" → "feature_bad") changing is a visible state, not a hidden mark.
    /// </summary>
    private static bool IsProse(string text) => Length(text) >= MinProseCodePoints && text.Count(char.IsWhiteSpace) >= 2;

    private const int MinProseCodePoints = 16;

    private static int Length(string text) => text.EnumerateRunes().Count();
}
