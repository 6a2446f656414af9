namespace Telltale.JavaScript;

/// <summary>
/// Places to cut a large script between its top-level statements, read lexically in one pass: just after a
/// <c>;</c> outside every bracket, string, template, comment and regular expression, spaced so that each part
/// declares a bounded number of names.
/// </summary>
/// <remarks>
/// Acornima checks each declaration against the names its scope already holds with a linear search, so a bundle
/// with tens of thousands of top-level declarations parses in quadratic time (3 s of a 13 MB bundle's 7 s). Parsed
/// part by part, each part's top-level scope stays small. Telling a regular expression from a division needs the
/// parser; this reader guesses from the token before the slash, and a wrong guess only costs a cut: every part is
/// checked to end exactly at its cut (<see cref="JavaScriptProgram.ParseInParts"/>), and a part that does not is never used.
/// </remarks>
internal static class TopLevelBreaks
{
    private static readonly HashSet<string> WordsBeforeExpression = new(StringComparer.Ordinal)
    {
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await",
    };

    private static readonly HashSet<string> DeclaringWords = new(StringComparer.Ordinal) { "var", "let", "const", "function", "class" };

    /// <summary>
    /// Cut positions in increasing order; empty when the script has too few top-level declarations to be worth cutting
    /// or exports a list of names.
    /// </summary>
    /// <param name="source">The script.</param>
    /// <param name="declarationsPerPart">
    /// About how many declarations (declaring keywords and commas at the top level, an over-count) a part holds.
    /// </param>
    /// <param name="maxParts">The most parts; what is left after the last cut is one part.</param>
    public static List<int> Find(string source, int declarationsPerPart, int maxParts)
    {
        var places = Read(source, exportListEndsReading: true, out var total);
        if (places is null || total < 2 * declarationsPerPart)
        {
            return [];
        }

        // Spaced by the total, so that capped at maxParts the parts still hold about as many declarations each (the last
        // part must not take all that is left: its scope would be as large as the file's).
        var perPart = Math.Max(declarationsPerPart, total / maxParts + 1);
        var cuts = new List<int>();
        var declaredBefore = 0;
        foreach (var place in places)
        {
            if (cuts.Count >= maxParts - 1)
            {
                break;
            }

            if (place.DeclaredBefore - declaredBefore >= perPart)
            {
                cuts.Add(place.Position);
                declaredBefore = place.DeclaredBefore;
            }
        }

        return cuts;
    }

    /// <summary>
    /// Every place this reader is sure ends a top-level statement (just after a <c>;</c> outside every bracket), in
    /// increasing order: where a script too large to analyse whole is cut into regions. An export list does not stop
    /// it, as it stops <see cref="Find"/>: a region holding one is only a region that may not parse alone.
    /// </summary>
    public static List<int> StatementEnds(string source) => [.. Read(source, exportListEndsReading: false, out _)!.Select(place => place.Position)];

    /// <summary>A place a part may start, and how many declarations come before it.</summary>
    private readonly record struct CutPlace(int Position, int DeclaredBefore);

    /// <summary>Every place a part may start, read in one pass; null when the script exports a list of names and that ends reading.</summary>
    private static List<CutPlace>? Read(string source, bool exportListEndsReading, out int totalDeclarations)
    {
        var places = new List<CutPlace>();
        totalDeclarations = 0;
        var depth = 0;
        // The depth at which each open template substitution (`${`) resumes its template.
        var templates = new Stack<int>();
        var slashStartsRegex = true;
        var i = source.StartsWith("#!", StringComparison.Ordinal) ? SkipLine(source, 2) : 0;

        // Template text up to its closing backtick, or up to a `${`, whose code is read like any other at one more depth.
        bool ReadTemplatePiece(int from)
        {
            if ((i = SkipTemplate(source, from, out var substitution)) < 0)
            {
                return false;
            }

            if (substitution)
            {
                templates.Push(depth);
                depth++;
            }

            slashStartsRegex = substitution;
            return true;
        }
        while (i < source.Length)
        {
            var c = source[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\u00A0' or '\u2028' or '\u2029' or '\uFEFF':
                    i++;
                    continue;
                case '/' when i + 1 < source.Length && source[i + 1] == '/':
                    i = SkipLine(source, i + 2);
                    continue;
                case '/' when i + 1 < source.Length && source[i + 1] == '*':
                    var close = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        return places;
                    }

                    i = close + 2;
                    continue;
                case '/' when slashStartsRegex:
                    if ((i = SkipRegex(source, i + 1)) < 0)
                    {
                        return places;
                    }

                    slashStartsRegex = false;
                    continue;
                case '\'' or '"':
                    if ((i = SkipString(source, i + 1, c)) < 0)
                    {
                        return places;
                    }

                    slashStartsRegex = false;
                    continue;
                case '`':
                    if (!ReadTemplatePiece(i + 1))
                    {
                        return places;
                    }

                    continue;
                case '}' when templates.Count > 0 && templates.Peek() == depth - 1:
                    // The end of a `${…}`: the template goes on.
                    depth--;
                    templates.Pop();
                    if (!ReadTemplatePiece(i + 1))
                    {
                        return places;
                    }

                    continue;
                case '{' or '(' or '[':
                    depth++;
                    slashStartsRegex = true;
                    i++;
                    continue;
                case '}' or ')' or ']':
                    if (--depth < 0)
                    {
                        return places;
                    }

                    // After `)` or `]` a slash divides; after `}` it usually starts a statement. A wrong guess costs a cut.
                    slashStartsRegex = c == '}';
                    i++;
                    continue;
                case ';' when depth == 0:
                    i++;
                    if (!MayNotStartPart(source, i))
                    {
                        places.Add(new CutPlace(i, totalDeclarations));
                    }

                    slashStartsRegex = true;
                    continue;
                case ',' when depth == 0:
                    totalDeclarations++;
                    slashStartsRegex = true;
                    i++;
                    continue;
            }

            if (IsWordChar(c))
            {
                var start = i;
                while (i < source.Length && IsWordChar(source[i]))
                {
                    i++;
                }

                var word = source.AsSpan(start, i - start);
                if (exportListEndsReading && depth == 0 && word.SequenceEqual("export") && NextNonSpaceIs(source, i, '{'))
                {
                    // Acornima checks an export list against the names declared in its own parse, which for a part
                    // are not all of them: such a module is parsed whole rather than cut and then parsed again.
                    return null;
                }

                if (word.Length is >= 2 and <= 10 && char.IsAsciiLetterLower(word[0]))
                {
                    var lookup = DeclaringWords.GetAlternateLookup<ReadOnlySpan<char>>();
                    if (depth == 0 && lookup.Contains(word))
                    {
                        totalDeclarations++;
                    }

                    slashStartsRegex = WordsBeforeExpression.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
                }
                else
                {
                    slashStartsRegex = false;
                }

                continue;
            }

            // Any other punctuator: a slash after it starts an expression.
            slashStartsRegex = true;
            i++;
        }

        return places;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '\\' || (c >= 0x80 && char.IsLetterOrDigit(c));

    private static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    private static int SkipLine(string source, int i)
    {
        while (i < source.Length && !IsLineTerminator(source[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index after the closing quote; -1 when the string does not close on its line.</summary>
    private static int SkipString(string source, int i, char quote)
    {
        while (i < source.Length)
        {
            var c = source[i];
            if (c == quote)
            {
                return i + 1;
            }

            if (c == '\\')
            {
                // An escaped line terminator continues the string; \r\n counts as one.
                i += i + 2 < source.Length && source[i + 1] == '\r' && source[i + 2] == '\n' ? 3 : 2;
                continue;
            }

            if (c is '\n' or '\r')
            {
                return -1;
            }

            i++;
        }

        return -1;
    }

    /// <summary>The index after the closing backtick or after <c>${</c>; -1 when the template does not close.</summary>
    private static int SkipTemplate(string source, int i, out bool substitution)
    {
        substitution = false;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '`')
            {
                return i + 1;
            }

            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '$' && i + 1 < source.Length && source[i + 1] == '{')
            {
                substitution = true;
                return i + 2;
            }

            i++;
        }

        return -1;
    }

    /// <summary>The index after a regular expression's flags; -1 when it does not close on its line.</summary>
    private static int SkipRegex(string source, int i)
    {
        var inClass = false;
        while (i < source.Length)
        {
            var c = source[i];
            if (IsLineTerminator(c))
            {
                return -1;
            }

            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                i++;
                while (i < source.Length && IsWordChar(source[i]))
                {
                    i++;
                }

                return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// What must not start a part: a string would read as a directive, and <c>--&gt;</c> at the start of a script's text
    /// as a comment, where in the whole text neither is.
    /// </summary>
    private static bool MayNotStartPart(string source, int i) =>
        NextNonSpaceIs(source, i, '\'') || NextNonSpaceIs(source, i, '"') || NextNonSpaceIs(source, i, '-');

    private static bool NextNonSpaceIs(string source, int i, char expected)
    {
        while (i < source.Length && char.IsWhiteSpace(source[i]))
        {
            i++;
        }

        return i < source.Length && source[i] == expected;
    }
}
