using System.Globalization;
using System.Text;

namespace Telltale.Gateway;

/// <summary>
/// Finds the dates written in a text and names the form each is written in, never the date itself: <c>YYYY-MM-DD</c>,
/// <c>YYYY/MM/DD</c>, <c>DD.MM.YYYY</c>, <c>YYYY-M-D</c> (no zero padding), <c>Month D, YYYY</c>. The covert channel
/// in the seeds chose between plain ASCII separators by environment, which no rewrite can close without editing
/// legitimate text; what a gateway can do is notice that one client writes its dates in more than one form.
/// <para>
/// A separator that is not ASCII is named by its code point (<c>YYYY[U+2215]MM[U+2215]DD</c>), so a look-alike never
/// hides inside a form's name. A day-month order that the numbers do not settle is written <c>XX/XX/YYYY</c>.
/// </para>
/// </summary>
public static class DateFormFinder
{
    /// <summary>Dates looked at per text: enough for any prompt, bounded for a hostile one.</summary>
    public const int MaxDatesPerText = 32;

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] MonthAbbreviations = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];

    /// <summary>The forms of the dates in <paramref name="text"/>, in order of appearance, each form once.</summary>
    public static IReadOnlyList<string> FormsIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var forms = new List<string>();
        var seen = 0;
        var i = 0;
        while (i < text.Length && seen < MaxDatesPerText)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsAsciiDigit(text[i - 1]) || char.IsAsciiLetter(text[i - 1]))))
            {
                i++;
                continue;
            }

            if (NumericDate(text, i, out var form, out var end) || NamedMonthDate(text, i, out form, out end))
            {
                seen++;
                if (!forms.Contains(form))
                {
                    forms.Add(form);
                }

                i = end;
                continue;
            }

            i = SkipDigits(text, i);
        }

        return forms;
    }

    /// <summary><c>2026-04-03</c>, <c>2026/4/3</c>, <c>03.04.2026</c>, <c>4/3/2026</c>: three numbers, one separator used twice.</summary>
    private static bool NumericDate(string text, int start, out string form, out int end)
    {
        form = "";
        end = start;
        var first = SkipDigits(text, start);
        if (first >= text.Length || !IsSeparator(text, first, out var separatorLength))
        {
            return false;
        }

        var separator = text.Substring(first, separatorLength);
        var secondStart = first + separatorLength;
        var second = SkipDigits(text, secondStart);
        if (second == secondStart || second >= text.Length || string.CompareOrdinal(text, second, separator, 0, separator.Length) != 0)
        {
            return false;
        }

        var thirdStart = second + separator.Length;
        var third = SkipDigits(text, thirdStart);
        if (third == thirdStart || (third < text.Length && (char.IsAsciiLetterOrDigit(text[third]) || IsContinuedNumber(text, third, separator))))
        {
            return false;
        }

        var (a, b, c) = (text[start..first], text[secondStart..second], text[thirdStart..third]);
        var name = SeparatorName(separator);
        if (a.Length == 4 && IsYear(a) && IsMonth(b) && IsDay(c))
        {
            form = $"YYYY{name}{Width('M', b)}{name}{Width('D', c)}";
        }
        else if (c.Length == 4 && IsYear(c) && a.Length <= 2 && b.Length <= 2 && IsDay(a) && IsDay(b))
        {
            var (firstField, secondField) = int.Parse(a, CultureInfo.InvariantCulture) > 12 ? ('D', 'M')
                : int.Parse(b, CultureInfo.InvariantCulture) > 12 ? ('M', 'D')
                : ('X', 'X');
            if ((firstField == 'M' && !IsMonth(a)) || (secondField == 'M' && !IsMonth(b)))
            {
                return false;
            }

            form = $"{Width(firstField, a)}{name}{Width(secondField, b)}{name}YYYY";
        }
        else
        {
            return false;
        }

        end = third;
        return true;
    }

    /// <summary><c>3 April 2026</c>, <c>3 Apr 2026</c> starting at the day; <c>April 3, 2026</c> is found from its day too, looking back for the month.</summary>
    private static bool NamedMonthDate(string text, int start, out string form, out int end)
    {
        form = "";
        end = start;
        var dayEnd = SkipDigits(text, start);
        var day = text[start..dayEnd];
        if (day.Length > 2 || !IsDay(day))
        {
            return false;
        }

        // Day first: "3 April 2026".
        if (dayEnd < text.Length && text[dayEnd] == ' ' && MonthAt(text, dayEnd + 1, out var monthForm, out var monthEnd)
            && YearAfter(text, monthEnd, ' ', out var yearEnd))
        {
            form = $"{Width('D', day)} {monthForm} YYYY";
            end = yearEnd;
            return true;
        }

        // Month first: "April 3, 2026" (the day is where the scan stands, the month just before it).
        if (start >= 2 && text[start - 1] == ' ' && MonthBefore(text, start - 1, out monthForm)
            && dayEnd + 1 < text.Length && text[dayEnd] == ',' && YearAfter(text, dayEnd + 1, ' ', out yearEnd))
        {
            form = $"{monthForm} {Width('D', day)}, YYYY";
            end = yearEnd;
            return true;
        }

        return false;
    }

    private static bool MonthAt(string text, int at, out string form, out int end)
    {
        var wordEnd = at;
        while (wordEnd < text.Length && char.IsAsciiLetter(text[wordEnd]))
        {
            wordEnd++;
        }

        return MonthWord(text[at..wordEnd], out form, out end, wordEnd);
    }

    private static bool MonthBefore(string text, int space, out string form)
    {
        var wordStart = space;
        while (wordStart > 0 && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        return MonthWord(text[wordStart..space], out form, out _, space) && (wordStart == 0 || !char.IsLetterOrDigit(text[wordStart - 1]));
    }

    private static bool MonthWord(string word, out string form, out int end, int wordEnd)
    {
        end = wordEnd;
        form = Array.IndexOf(MonthNames, word) >= 0 ? "Month" : Array.IndexOf(MonthAbbreviations, word) >= 0 ? "Mon" : "";
        return form.Length > 0;
    }

    private static bool YearAfter(string text, int at, char space, out int end)
    {
        end = at;
        if (at >= text.Length || text[at] != space)
        {
            return false;
        }

        var yearEnd = SkipDigits(text, at + 1);
        if (yearEnd - (at + 1) != 4 || !IsYear(text[(at + 1)..yearEnd]) || (yearEnd < text.Length && char.IsAsciiLetterOrDigit(text[yearEnd])))
        {
            return false;
        }

        end = yearEnd;
        return true;
    }

    /// <summary>One punctuation or symbol character (a surrogate pair counts as one), not a space, letter or digit.</summary>
    private static bool IsSeparator(string text, int at, out int length)
    {
        length = char.IsSurrogatePair(text, at) ? 2 : 1;
        var category = CharUnicodeInfo.GetUnicodeCategory(text, at);
        return category is UnicodeCategory.DashPunctuation or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
            or UnicodeCategory.OtherSymbol or UnicodeCategory.ConnectorPunctuation
            && text[at] is not '%' and not '#' and not '*' and not '&' and not '@';
    }

    /// <summary>A version or address (<c>1.2.3.4</c>, <c>2026.04.03.1</c>) goes on after the third number: not a date.</summary>
    private static bool IsContinuedNumber(string text, int at, string separator) =>
        string.CompareOrdinal(text, at, separator, 0, separator.Length) == 0
        && at + separator.Length < text.Length && char.IsAsciiDigit(text[at + separator.Length]);

    private static string SeparatorName(string separator)
    {
        if (separator.Length == 1 && separator[0] < 0x7F)
        {
            return separator;
        }

        var name = new StringBuilder();
        foreach (var rune in separator.EnumerateRunes())
        {
            name.Append(CultureInfo.InvariantCulture, $"[U+{rune.Value:X4}]");
        }

        return name.ToString();
    }

    private static string Width(char field, string digits) => digits.Length >= 2 ? new string(field, 2) : field.ToString();

    private static int SkipDigits(string text, int at)
    {
        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
        }

        return at;
    }

    private static bool IsYear(string digits) => digits.Length == 4 && digits[0] is '1' or '2' && int.Parse(digits, CultureInfo.InvariantCulture) is >= 1900 and <= 2199;

    private static bool IsMonth(string digits) => digits.Length is 1 or 2 && int.Parse(digits, CultureInfo.InvariantCulture) is >= 1 and <= 12;

    private static bool IsDay(string digits) => digits.Length is 1 or 2 && int.Parse(digits, CultureInfo.InvariantCulture) is >= 1 and <= 31;
}
