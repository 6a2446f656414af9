namespace Telltale.Classification;

/// <summary>
/// Recognises a choice between texts that differ in what a reader skims over — spacing, a dash, punctuation, letter
/// case — as opposed to a visibly different text. Look-alike characters are the <see cref="Confusables"/>' concern;
/// this is for the variants that are plain ASCII (or dashes) and still carry a bit unnoticed.
/// </summary>
public static class SubtleVariants
{
    /// <summary>Longer texts are sentences, not a separator or a word; their differences are for the eye to see.</summary>
    public const int MaxLength = 32;

    /// <summary>Texts up to this long are compared sentence by sentence for a change of order only.</summary>
    public const int MaxOrderedLength = 4_000;

    private const string Dashes = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212";

    // What a platform decides and honest code picks by the environment: the PATH list delimiter, the path separator.
    private static readonly string[][] PlatformConventions = [[";", ":"], ["\\", "/"]];

    /// <summary>
    /// How <paramref name="variants"/> differ, or null when they are equal, too long, differ visibly, or differ only in
    /// line endings or path separators, which platforms legitimately choose.
    /// </summary>
    public static SubtleDifference? Classify(IReadOnlyCollection<string> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var distinct = variants.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 2 && distinct.TrueForAll(v => v.Length <= MaxOrderedLength) && IsReordering(distinct[0], distinct[1]))
        {
            return SubtleDifference.SentenceOrder;
        }

        if (distinct.Count < 2 || distinct.Any(v => v.Length > MaxLength))
        {
            return null;
        }

        if (distinct.Select(v => v.Replace("\r\n", "\n", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count() < 2
            || PlatformConventions.Any(pair => distinct.Count == 2 && distinct.Contains(pair[0]) && distinct.Contains(pair[1])))
        {
            return null;
        }

        if (distinct.Select(WithoutSpaces).Distinct(StringComparer.Ordinal).Count() == 1 && distinct.All(v => !v.Contains('\n', StringComparison.Ordinal)))
        {
            return SubtleDifference.Whitespace;
        }

        if (distinct.Any(v => v.Length != distinct[0].Length))
        {
            return null;
        }

        var dash = true;
        var punctuation = true;
        var letterCase = true;
        for (var i = 0; i < distinct[0].Length; i++)
        {
            var column = distinct.Select(v => v[i]).Distinct().ToList();
            if (column.Count == 1)
            {
                continue;
            }

            dash &= column.TrueForAll(c => Dashes.Contains(c, StringComparison.Ordinal));
            punctuation &= column.TrueForAll(IsSeparatorPunctuation);
            letterCase &= column.Select(char.ToLowerInvariant).Distinct().Count() == 1;
        }

        return dash ? SubtleDifference.Dash
            : punctuation ? SubtleDifference.Punctuation
            : letterCase && distinct.Any(v => v.Any(char.IsLetter)) ? SubtleDifference.LetterCase
            : null;
    }

    /// <summary>What a variant's difference is called in a report.</summary>
    public static string Name(SubtleDifference difference) => difference switch
    {
        SubtleDifference.Whitespace => "whitespace",
        SubtleDifference.Dash => "dash",
        SubtleDifference.Punctuation => "punctuation",
        SubtleDifference.SentenceOrder => "sentence order",
        _ => "letter case",
    };

    /// <summary>Two texts made of the same two or more sentences (or lines), in a different order.</summary>
    private static bool IsReordering(string a, string b)
    {
        var first = Sentences(a);
        var second = Sentences(b);
        return first.Count >= 2 && first.Count == second.Count && !first.SequenceEqual(second, StringComparer.Ordinal)
            && first.Order(StringComparer.Ordinal).SequenceEqual(second.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>A text cut after each full stop, question or exclamation mark, and at line breaks; pieces trimmed, empty ones dropped.</summary>
    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] is '\n' || (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end || i + 1 == text.Length)
            {
                var sentence = text[start..(i + 1)].Trim();
                if (sentence.Length > 0)
                {
                    sentences.Add(sentence);
                }

                start = i + 1;
            }
        }

        return sentences;
    }

    private static string WithoutSpaces(string text) => new([.. text.Where(c => c is not (' ' or '\t'))]);

    // Path separators are not here: `\` against `/` is the platform's, not a signal.
    private static bool IsSeparatorPunctuation(char c) => c is '-' or '/' or '.' or ',' or ';' or ':' or '_' or '\'' or '"' or '`' or '|' or '!' or '?';
}
