using System.Text.RegularExpressions;

namespace Telltale.Classification;

/// <summary>
/// Names the shape of decoded text without knowing what it should contain: a hidden list is suspicious
/// because it is hidden, so this recognises lists of host names, keywords, time zones, variables and URLs
/// whatever their items are.
/// </summary>
public static partial class ValueClassifier
{
    private const int MinListItems = 3;
    private const int MaxItemLength = 100;
    private static readonly char[] Separators = [',', '\n', ';', '|'];

    public static ValueClass Classify(string value)
    {
        var trimmed = value.Trim();
        if (TrySplitList(trimmed) is { } items && ClassifyItems(items) is { Kind: not ValueKind.Text } list)
        {
            return list;
        }

        if (LooksLikeCode(trimmed))
        {
            return new ValueClass(ValueKind.Code, false, []);
        }

        return new ValueClass(ClassifyItem(trimmed), false, [trimmed]);
    }

    /// <summary>Names a list whose items are already separate (an array in code); Text when they share no shape.</summary>
    public static ValueClass ClassifyItems(IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return new ValueClass(ValueKind.Text, true, items);
        }

        var kinds = items.Select(ClassifyItem).ToArray();
        var majority = kinds.GroupBy(k => k).OrderByDescending(g => g.Count()).First();
        if (majority.Count() * 10 >= kinds.Length * 8 && majority.Key != ValueKind.Text)
        {
            return new ValueClass(majority.Key, true, items);
        }

        // Host names and bare keywords mixed (e.g. "moonshot,moonshot.ai") are still one list of names.
        if (kinds.All(k => k is ValueKind.Domain or ValueKind.Keyword))
        {
            return new ValueClass(ValueKind.Keyword, true, items);
        }

        return new ValueClass(ValueKind.Text, true, items);
    }

    public static ValueKind ClassifyItem(string item)
    {
        if (UrlPattern().IsMatch(item))
        {
            return ValueKind.Url;
        }

        if (TimeZonePattern().IsMatch(item))
        {
            return ValueKind.TimeZone;
        }

        if (EnvironmentVariablePattern().IsMatch(item))
        {
            return ValueKind.EnvironmentVariable;
        }

        if (IsDomainName(item) && !item.EndsWith(".js", StringComparison.Ordinal) && !item.EndsWith(".json", StringComparison.Ordinal))
        {
            return ValueKind.Domain;
        }

        return KeywordPattern().IsMatch(item) ? ValueKind.Keyword : ValueKind.Text;
    }

    private static string[]? TrySplitList(string value)
    {
        foreach (var separator in Separators)
        {
            if (value.IndexOf(separator) < 0)
            {
                continue;
            }

            var items = value.Split(separator, StringSplitOptions.TrimEntries);
            if (items.Length < MinListItems || items.Any(i => i.Length == 0 || i.Length > MaxItemLength || i.Count(char.IsWhiteSpace) > 1))
            {
                continue;
            }

            return items;
        }

        return null;
    }

    private static bool LooksLikeCode(string value) =>
        value.Length > 20 && (value.Contains("function", StringComparison.Ordinal) || value.Contains("=>", StringComparison.Ordinal) || value.Contains("return ", StringComparison.Ordinal))
        && value.IndexOfAny(['{', '(']) >= 0;

    [GeneratedRegex(@"^(?:https?|wss?|ftp)://[^\s]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TimeZonePattern();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EnvironmentVariablePattern();

    // Every pattern here sees decoded package text: NonBacktracking keeps each match linear in its input. Its length
    // rule (4 to 253 characters) is checked in code, since NonBacktracking has no lookahead.
    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,23}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DomainPatternWithoutLength();

    private static bool IsDomainName(string value) => value.Length is >= 4 and <= 253 && DomainPatternWithoutLength().IsMatch(value);

    [GeneratedRegex(@"^[\p{L}0-9][\p{L}0-9 ._-]{1,40}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex KeywordPattern();
}
