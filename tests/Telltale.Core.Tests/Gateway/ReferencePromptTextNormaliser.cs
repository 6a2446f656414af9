using System.Globalization;
using System.Text;
using Telltale.Classification;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

/// <summary>
/// <see cref="PromptTextNormaliser"/> as it was before it was made fast (issue 15), kept unchanged as the
/// straightforward reference the equivalence property test compares the fast one with: one array per rule, every
/// code point of every piece examined, the ICU-backed look-alike table asked character by character.
/// </summary>
internal static class ReferencePromptTextNormaliser
{
    private enum Side
    {
        Neutral,
        Latin,
        OtherScript,
    }

    public static NormalisedText Normalise(string text, NormaliseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= NormaliseOptions.Default;
        if (text.Length == 0 || (!options.RemoveInvisibleCharacters && !options.MapLookAlikes) || Ascii.IsValid(text))
        {
            return new NormalisedText(text, []);
        }

        // Every rule stops at a space (a space is neutral to the look-alike rules and joins nothing), so the text is
        // cut at ASCII whitespace and only the pieces with non-ASCII characters are examined: an English prompt with
        // one odd character costs little more than a scan for non-ASCII.
        var changes = new List<TextChange>();
        var output = new StringBuilder(text.Length);
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && !IsAsciiWhitespace(text[end]))
            {
                end++;
            }

            while (end < text.Length && IsAsciiWhitespace(text[end]))
            {
                end++;
            }

            var piece = text.AsSpan(start, end - start);
            if (Ascii.IsValid(piece))
            {
                output.Append(piece);
            }
            else
            {
                var normalised = NormalisePiece(piece.ToString(), options);
                output.Append(normalised.Text);
                changes.AddRange(normalised.Changes.Select(c => c with { Offset = c.Offset + start }));
            }

            start = end;
        }

        return changes.Count == 0 ? new NormalisedText(text, []) : new NormalisedText(output.ToString(), changes);
    }

    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private static NormalisedText NormalisePiece(string text, NormaliseOptions options)
    {
        var points = ReferenceCodePoints.Of(text);
        var replacements = options.MapLookAlikes ? DecideLookAlikes(points, options) : new string?[points.Count];
        var reasons = options.RemoveInvisibleCharacters ? DecideRemovals(points, replacements) : new TextChangeReason?[points.Count];
        return Apply(text, points, replacements, reasons);
    }

    private static NormalisedText Apply(string text, ReferenceCodePoints points, string?[] replacements, TextChangeReason?[] removals)
    {
        var changes = new List<TextChange>();
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < points.Count; i++)
        {
            if (removals[i] is { } reason)
            {
                changes.Add(new TextChange(points.Offset(i), Label(points[i]), "", reason));
            }
            else if (replacements[i] is { } replacement)
            {
                changes.Add(new TextChange(points.Offset(i), Label(points[i]), Label(replacement), TextChangeReason.LookAlike));
                output.Append(replacement);
            }
            else
            {
                output.Append(text, points.Offset(i), points.Length(i));
            }
        }

        return changes.Count == 0 ? new NormalisedText(text, []) : new NormalisedText(output.ToString(), changes);
    }

    private static string Label(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");

    private static string Label(string text) => string.Join(' ', text.EnumerateRunes().Select(r => Label(r.Value)));

    /// <summary>Transparent characters are skipped when words and neighbours are found, whether or not they are removed.</summary>
    private static bool IsTransparent(int codePoint) =>
        codePoint >= 0x80 && Confusables.IsInvisible(codePoint) && !CodePointRanges.IsSpace(codePoint);

    /// <summary>Letters (but not the spacing modifier letters, which serve as apostrophes), marks and digits.</summary>
    private static bool IsWordMember(int codePoint) => codePoint < 0x80
        ? CodePointRanges.IsAsciiLetterOrDigit(codePoint)
        : (CodePointRanges.IsLetter(codePoint) && codePoint is not (>= 0x02B0 and <= 0x02FF))
        || CodePointRanges.IsMark(codePoint) || CodePointRanges.IsDigit(codePoint);

    // The curly quotes of English word processors plus the low-9 and guillemet forms other languages quote with.
    private static bool IsTypographicQuote(int codePoint) => codePoint is (>= 0x2018 and <= 0x201F) or 0x2039 or 0x203A or 0x00AB or 0x00BB;

    private static string?[] DecideLookAlikes(ReferenceCodePoints points, NormaliseOptions options)
    {
        var n = points.Count;
        var replacements = new string?[n];
        var transparent = new bool[n];
        var letterCandidate = new bool[n];
        var punctuationCandidate = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var c = points[i];
            transparent[i] = IsTransparent(c);
            if (c < 0x80 || transparent[i] || (options.KeepTypographicQuotes && IsTypographicQuote(c))
                || LookAlikeTable.Replacement(c) is not { } replacement)
            {
                continue;
            }

            // A letter may only become letters and punctuation only punctuation: otherwise the output would cut words
            // differently from the input and a second pass could decide differently.
            var alphanumeric = replacement.All(char.IsAsciiLetterOrDigit);
            if (IsWordMember(c) && !CodePointRanges.IsLatinLetter(c) && alphanumeric)
            {
                // Tentatively mapped; MapLetterCandidatesInLatinWords takes it back outside a Latin-script word.
                letterCandidate[i] = true;
                replacements[i] = replacement;
            }
            else if (!IsWordMember(c) && !replacement.Any(char.IsAsciiLetterOrDigit))
            {
                punctuationCandidate[i] = replacement;
            }
        }

        MapLetterCandidatesInLatinWords(points, transparent, letterCandidate, replacements);
        MapPunctuationNextToLatin(points, transparent, letterCandidate, punctuationCandidate, replacements);
        return replacements;
    }

    /// <summary>
    /// A word (letters, marks and digits, invisibles skipped) is Latin-script when it has a Latin letter and no letter
    /// of another script that is not a look-alike: then its look-alikes are mapped ("pаypal"). A word wholly in
    /// another script ("Привет", "αβγ") or genuinely mixed keeps every character.
    /// </summary>
    private static void MapLetterCandidatesInLatinWords(ReferenceCodePoints points, bool[] transparent, bool[] letterCandidate, string?[] replacements)
    {
        var n = points.Count;
        var i = 0;
        while (i < n)
        {
            if (transparent[i] || !IsWordMember(points[i]))
            {
                i++;
                continue;
            }

            var end = i;
            var latin = 0;
            var otherScript = 0;
            while (end < n && (transparent[end] || IsWordMember(points[end])))
            {
                var c = points[end];
                if (!transparent[end] && CodePointRanges.IsLetter(c))
                {
                    if (CodePointRanges.IsLatinLetter(c))
                    {
                        latin++;
                    }
                    else if (!letterCandidate[end])
                    {
                        otherScript++;
                    }
                }

                end++;
            }

            var map = latin > 0 && otherScript == 0;
            for (var k = i; k < end; k++)
            {
                if (letterCandidate[k] && !map)
                {
                    replacements[k] = null;
                }
            }

            i = end;
        }
    }

    /// <summary>
    /// Punctuation and symbols are mapped when the nearest letter or digit on at least one side is Latin (ASCII
    /// digits count, so a date's separators are covered) and on neither side of another script, so "Today’s" and
    /// "2026∕04∕03" are mapped while "你好，世界" and „Привет“ are not. Other punctuation and invisibles are looked
    /// through, spaces and the ends of the text are neutral.
    /// </summary>
    private static void MapPunctuationNextToLatin(
        ReferenceCodePoints points, bool[] transparent, bool[] letterCandidate, string?[] punctuationCandidate, string?[] replacements)
    {
        var n = points.Count;
        var left = new Side[n];
        var right = new Side[n];
        var last = Side.Neutral;
        for (var i = 0; i < n; i++)
        {
            left[i] = last;
            last = SideOf(i) ?? last;
        }

        last = Side.Neutral;
        for (var i = n - 1; i >= 0; i--)
        {
            right[i] = last;
            last = SideOf(i) ?? last;
        }

        for (var i = 0; i < n; i++)
        {
            if (punctuationCandidate[i] is { } replacement
                && (left[i] == Side.Latin || right[i] == Side.Latin)
                && left[i] != Side.OtherScript && right[i] != Side.OtherScript)
            {
                replacements[i] = replacement;
            }
        }

        // Null for what is looked through: invisibles, marks, punctuation and symbols.
        Side? SideOf(int i)
        {
            var c = points[i];
            if (transparent[i] || CodePointRanges.IsMark(c))
            {
                return null;
            }

            if (CodePointRanges.IsSpace(c))
            {
                return Side.Neutral;
            }

            if (!IsWordMember(c))
            {
                return null;
            }

            if (CodePointRanges.IsAsciiLetterOrDigit(c) || CodePointRanges.IsLatinLetter(c) || (letterCandidate[i] && replacements[i] is not null))
            {
                return Side.Latin;
            }

            return Side.OtherScript;
        }
    }

    private static TextChangeReason?[] DecideRemovals(ReferenceCodePoints points, string?[] replacements)
    {
        var n = points.Count;
        var reasons = new TextChangeReason?[n];
        var flagTags = SubdivisionFlagTags(points);
        for (var i = 0; i < n; i++)
        {
            var c = points[i];
            if (!IsTransparent(c) || flagTags[i] || IsLegitimateInvisible(i))
            {
                continue;
            }

            reasons[i] = c switch
            {
                _ when CodePointRanges.IsBidiControl(c) => TextChangeReason.BidiControl,
                _ when CodePointRanges.IsTag(c) => TextChangeReason.TagCharacter,
                _ when CodePointRanges.IsVariationSelector(c) || c is (>= 0x180B and <= 0x180D) or 0x180F => TextChangeReason.VariationSelector,
                _ => TextChangeReason.InvisibleCharacter,
            };
        }

        return reasons;

        // The code point a neighbour will have after mapping (replacements are ASCII), so the output is judged the same way.
        int Before(int i) => i <= 0 ? -1 : replacements[i - 1] is { } r ? r[^1] : points[i - 1];

        int After(int i) => i >= n - 1 ? -1 : replacements[i + 1] is { } r ? r[0] : points[i + 1];

        // After a virama the joiner also ends a word legitimately (the old encoding of the Malayalam chillu forms),
        // but not when another invisible follows: runs of joiners are never legitimate.
        bool BetweenJoiningLetters(int i) =>
            CodePointRanges.IsJoiningScript(Before(i))
            && (CodePointRanges.IsJoiningScript(After(i))
                || (CodePointRanges.IsMark(Before(i)) && Before(i) is >= 0x0900 and <= 0x0DFF && !IsTransparent(After(i))));

        bool IsLegitimateInvisible(int i)
        {
            var c = points[i];
            switch (c)
            {
                case CodePointRanges.ZeroWidthJoiner:
                    return BetweenJoiningLetters(i) || InEmojiSequence(i);
                case CodePointRanges.ZeroWidthNonJoiner:
                    return BetweenJoiningLetters(i);
                case CodePointRanges.TextPresentationSelector or CodePointRanges.EmojiPresentationSelector
                    when CodePointRanges.IsEmojiCapable(Before(i))
                        || (CodePointRanges.IsKeycapBase(Before(i)) && After(i) == CodePointRanges.CombiningEnclosingKeycap):
                    return true;
                case (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF):
                    return CodePointRanges.IsHanIdeograph(Before(i));
                case (>= 0x180B and <= 0x180F):
                    return CodePointRanges.IsMongolian(Before(i));
                case 0x115F or 0x1160:
                    return CodePointRanges.IsHangulJamo(Before(i)) || CodePointRanges.IsHangulJamo(After(i));
                case 0x2800:
                    return NextToBrailleText(i);
                default:
                    return false;
            }
        }

        // 👩‍💻, 👨🏽‍🦰, 🏳️‍🌈: the joiner follows an emoji (after its skin tone or presentation selector) and precedes one.
        bool InEmojiSequence(int i)
        {
            var j = i - 1;
            while (j >= 0 && (CodePointRanges.IsEmojiModifier(points[j]) || points[j] is CodePointRanges.EmojiPresentationSelector or CodePointRanges.TextPresentationSelector))
            {
                j--;
            }

            return j >= 0 && CodePointRanges.IsEmojiCapable(points[j]) && CodePointRanges.IsEmojiCapable(After(i));
        }

        // The blank braille pattern is a real cell inside braille text; alone it is an invisible filler.
        bool NextToBrailleText(int i)
        {
            var j = i;
            while (j >= 0 && points[j] == 0x2800)
            {
                j--;
            }

            var k = i;
            while (k < n && points[k] == 0x2800)
            {
                k++;
            }

            return (j >= 0 && CodePointRanges.IsBraille(points[j])) || (k < n && CodePointRanges.IsBraille(points[k]));
        }
    }

    /// <summary>U+1F3F4 followed by two to seven tag letters or digits and CANCEL TAG is a subdivision flag (England: U+1F3F4, tags "gbeng", U+E007F), kept whole.</summary>
    private static bool[] SubdivisionFlagTags(ReferenceCodePoints points)
    {
        var keep = new bool[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] != CodePointRanges.BlackFlag)
            {
                continue;
            }

            var j = i + 1;
            while (j < points.Count && CodePointRanges.IsFlagTagSpec(points[j]))
            {
                j++;
            }

            var letters = j - i - 1;
            if (letters is >= 2 and <= 7 && j < points.Count && points[j] == CodePointRanges.CancelTag)
            {
                Array.Fill(keep, true, i + 1, letters + 1);
                i = j;
            }
        }

        return keep;
    }
}
