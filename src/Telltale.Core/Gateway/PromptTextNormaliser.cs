using System.Buffers;

namespace Telltale.Gateway;

/// <summary>
/// Takes covert marks out of text a client wrote into an LLM request: invisible characters are removed and
/// look-alike characters in Latin-script text are mapped to the ASCII they imitate, while legitimate non-Latin text
/// (Chinese, Cyrillic and Greek words, Persian and Indic joiners, emoji sequences, subdivision flags) is left exactly
/// as it was. See docs/gateway.md for the rules and why each one exists.
/// <para>
/// Every decision is made on the original text, and is written so that the output decides the same way: invisible
/// characters are transparent when words and neighbours are looked for, and the joiner rules look at the neighbours
/// as they will be after mapping. Normalising the output therefore changes nothing.
/// </para>
/// <para>
/// Cost: this runs on every request the gateway forwards, so ASCII is skipped with vectorised searches, what a code
/// point is comes from <see cref="CodePointTraits"/> (one table read, not an ICU call), a piece of text with nothing
/// that could change is passed over without allocating, and a piece that is examined gets pooled arrays and a fixed
/// number of linear passes however long it is (a 30 MiB string without spaces is one piece).
/// </para>
/// </summary>
public static class PromptTextNormaliser
{
    // Every rule stops at a space (a space is neutral to the look-alike rules and joins nothing), so the text is cut
    // at ASCII whitespace into pieces (a run of other characters and the whitespace after it), and only the pieces
    // with non-ASCII characters are examined.
    private static readonly SearchValues<char> AsciiWhitespace = SearchValues.Create(" \t\n\r\f\v");

    // UTF-16 units of a piece analysed in stack memory (7 bytes a unit) rather than in arrays from the pool.
    private const int StackPieceLength = 256;

    // UTF-16 units of the longest piece analysed in arrays from the shared pool (7 MiB of them at most).
    private const int MaxPooledPieceLength = 1 << 20;

    private enum Side : byte
    {
        Neutral,
        Latin,
        OtherScript,
    }

    /// <summary>What has been decided about one code point of a piece.</summary>
    [Flags]
    private enum Decision : byte
    {
        None = 0,

        /// <summary>A look-alike letter or digit, mapped only inside a Latin-script word.</summary>
        LetterCandidate = 1 << 0,

        /// <summary>Look-alike punctuation, mapped only next to Latin text.</summary>
        PunctuationCandidate = 1 << 1,

        /// <summary>Replaced by its ASCII look-alike.</summary>
        Mapped = 1 << 2,

        /// <summary>A tag character of a subdivision flag, kept.</summary>
        FlagTag = 1 << 3,

        /// <summary>For a punctuation candidate: the nearest side on its left (none of the two: neutral).</summary>
        LeftLatin = 1 << 4,
        LeftOtherScript = 1 << 5,

        Removed = 1 << 6,
    }

    public static NormalisedText Normalise(string text, NormaliseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= NormaliseOptions.Default;
        var nonAscii = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (nonAscii < 0 || (!options.RemoveInvisibleCharacters && !options.MapLookAlikes))
        {
            return new NormalisedText(text, []);
        }

        var output = new Output(text);
        while (nonAscii >= 0)
        {
            var start = text.AsSpan(0, nonAscii).LastIndexOfAny(AsciiWhitespace) + 1;
            var end = EndOfPiece(text, nonAscii);
            NormalisePiece(text, start, end, options, output);
            var next = text.AsSpan(end).IndexOfAnyExceptInRange('\0', '\u007F');
            nonAscii = next < 0 ? -1 : end + next;
        }

        return output.Result();
    }

    /// <summary>The end of the piece holding <paramref name="index"/>: past its run of other characters and the whitespace after it.</summary>
    private static int EndOfPiece(string text, int index)
    {
        var whitespace = text.AsSpan(index).IndexOfAny(AsciiWhitespace);
        if (whitespace < 0)
        {
            return text.Length;
        }

        var other = text.AsSpan(index + whitespace).IndexOfAnyExcept(AsciiWhitespace);
        return other < 0 ? text.Length : index + whitespace + other;
    }

    private static void NormalisePiece(string text, int start, int end, NormaliseOptions options, Output output)
    {
        var piece = text.AsSpan(start, end - start);
        if (!MayChange(piece, options))
        {
            return;
        }

        // A word's worth of text is analysed on the stack, a long piece (CJK prose, a string without spaces) in pooled
        // arrays, and a huge one in arrays of its own: the shared pool would keep hundreds of megabytes for the life of
        // the gateway after one 30 MiB prompt.
        var pooled = piece.Length <= MaxPooledPieceLength;
        int[]? heapPoints = null;
        CodePointTrait[]? heapTraits = null;
        Decision[]? heapDecisions = null;
        var points = piece.Length <= StackPieceLength ? stackalloc int[piece.Length] : heapPoints = Allocate<int>(piece.Length, pooled);
        var traits = piece.Length <= StackPieceLength ? stackalloc CodePointTrait[piece.Length] : heapTraits = Allocate<CodePointTrait>(piece.Length, pooled);
        var decisions = piece.Length <= StackPieceLength ? stackalloc Decision[piece.Length] : heapDecisions = Allocate<Decision>(piece.Length, pooled);
        try
        {
            var count = 0;
            var invisibles = false;
            for (var offset = 0; offset < piece.Length; count++)
            {
                points[count] = CodePointAt(piece, offset, out var units);
                traits[count] = CodePointTraits.Of(points[count]);
                decisions[count] = Decision.None;
                invisibles |= (traits[count] & CodePointTrait.Transparent) != 0;
                offset += units;
            }

            var analysis = new PieceAnalysis(points[..count], traits[..count], decisions[..count]);
            if (options.MapLookAlikes)
            {
                analysis.DecideLookAlikes(options.KeepTypographicQuotes);
            }

            if (options.RemoveInvisibleCharacters && invisibles)
            {
                analysis.DecideRemovals();
            }

            analysis.Emit(start, output);
        }
        finally
        {
            if (pooled)
            {
                ReturnToPool(heapPoints);
                ReturnToPool(heapTraits);
                ReturnToPool(heapDecisions);
            }
        }
    }

    private static T[] Allocate<T>(int length, bool pooled) => pooled ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    private static void ReturnToPool<T>(T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    /// <summary>
    /// Whether any code point of the piece could change: only an invisible can be removed and only a look-alike
    /// candidate mapped, so a piece with neither (most non-ASCII words, all of most CJK text) is left as it is.
    /// </summary>
    private static bool MayChange(ReadOnlySpan<char> piece, NormaliseOptions options)
    {
        var changeable = CodePointTrait.None;
        changeable |= options.RemoveInvisibleCharacters ? CodePointTrait.Transparent : CodePointTrait.None;
        changeable |= options.MapLookAlikes ? CodePointTrait.LetterCandidate | CodePointTrait.PunctuationCandidate : CodePointTrait.None;
        for (var offset = 0; offset < piece.Length;)
        {
            var codePoint = CodePointAt(piece, offset, out var units);
            offset += units;
            if (codePoint >= 0x80 && (CodePointTraits.Of(codePoint) & changeable) != 0
                && !(options.KeepTypographicQuotes && IsTypographicQuote(codePoint)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The code point at <paramref name="offset"/>, a lone surrogate kept as its own value rather than replaced by
    /// U+FFFD, so that text the normaliser leaves alone is copied back exactly.
    /// </summary>
    private static int CodePointAt(ReadOnlySpan<char> text, int offset, out int units)
    {
        var c = text[offset];
        if (char.IsHighSurrogate(c) && offset + 1 < text.Length && char.IsLowSurrogate(text[offset + 1]))
        {
            units = 2;
            return char.ConvertToUtf32(c, text[offset + 1]);
        }

        units = 1;
        return c;
    }

    // The curly quotes of English word processors plus the low-9 and guillemet forms other languages quote with.
    private static bool IsTypographicQuote(int codePoint) => codePoint is (>= 0x2018 and <= 0x201F) or 0x2039 or 0x203A or 0x00AB or 0x00BB;

    /// <summary>The changes, and the output text built from them once all are known, at its exact length.</summary>
    private sealed class Output(string text)
    {
        private readonly List<TextChange> changes = [];
        private readonly List<(int Offset, int Units, string Replacement)> edits = [];
        private int length = text.Length;

        public void Add(int offset, int units, string replacement, TextChange change)
        {
            edits.Add((offset, units, replacement));
            changes.Add(change);
            length += replacement.Length - units;
        }

        public NormalisedText Result()
        {
            if (changes.Count == 0)
            {
                return new NormalisedText(text, []);
            }

            var built = string.Create(length, (text, edits), static (destination, state) =>
            {
                var (original, edits) = state;
                var copied = 0;
                foreach (var (offset, units, replacement) in edits)
                {
                    original.AsSpan(copied, offset - copied).CopyTo(destination);
                    destination = destination[(offset - copied)..];
                    replacement.CopyTo(destination);
                    destination = destination[replacement.Length..];
                    copied = offset + units;
                }

                original.AsSpan(copied).CopyTo(destination);
            });
            return new NormalisedText(built, changes);
        }
    }

    /// <summary>The decisions for one piece, one entry per code point, made in a fixed number of linear passes.</summary>
    private readonly ref struct PieceAnalysis
    {
        private readonly ReadOnlySpan<int> points;
        private readonly ReadOnlySpan<CodePointTrait> traits;
        private readonly Span<Decision> decisions;

        public PieceAnalysis(ReadOnlySpan<int> points, ReadOnlySpan<CodePointTrait> traits, Span<Decision> decisions)
        {
            this.points = points;
            this.traits = traits;
            this.decisions = decisions;
        }

        public void DecideLookAlikes(bool keepTypographicQuotes)
        {
            var letters = false;
            var punctuation = false;
            for (var i = 0; i < points.Length; i++)
            {
                if (keepTypographicQuotes && IsTypographicQuote(points[i]))
                {
                    continue;
                }

                if ((traits[i] & CodePointTrait.LetterCandidate) != 0)
                {
                    // Tentatively mapped; MapLetterCandidatesInLatinWords takes it back outside a Latin-script word.
                    decisions[i] = Decision.LetterCandidate | Decision.Mapped;
                    letters = true;
                }
                else if ((traits[i] & CodePointTrait.PunctuationCandidate) != 0)
                {
                    decisions[i] = Decision.PunctuationCandidate;
                    punctuation = true;
                }
            }

            if (letters)
            {
                MapLetterCandidatesInLatinWords();
            }

            if (punctuation)
            {
                MapPunctuationNextToLatin();
            }
        }

        public void DecideRemovals()
        {
            MarkSubdivisionFlagTags();
            var brailleRunEnd = -1;
            var brailleRunIsText = false;
            for (var i = 0; i < points.Length; i++)
            {
                if ((traits[i] & CodePointTrait.Transparent) == 0 || (decisions[i] & Decision.FlagTag) != 0)
                {
                    continue;
                }

                if (points[i] == 0x2800 && i > brailleRunEnd)
                {
                    // Every blank cell of a run has the same neighbours, so the run is looked at once, not per cell.
                    (brailleRunEnd, brailleRunIsText) = BlankBrailleRun(i);
                }

                var legitimate = points[i] == 0x2800 ? brailleRunIsText : IsLegitimateInvisible(i);
                if (!legitimate)
                {
                    decisions[i] |= Decision.Removed;
                }
            }
        }

        public void Emit(int pieceStart, Output output)
        {
            var offset = pieceStart;
            for (var i = 0; i < points.Length; i++)
            {
                var codePoint = points[i];
                var units = codePoint > 0xFFFF ? 2 : 1;
                if ((decisions[i] & Decision.Removed) != 0)
                {
                    output.Add(offset, units, "", new TextChange(offset, CodePointTraits.Label(codePoint), "", RemovalReason(codePoint)));
                }
                else if ((decisions[i] & Decision.Mapped) != 0)
                {
                    var change = new TextChange(offset, CodePointTraits.Label(codePoint), CodePointTraits.ReplacementLabel(codePoint), TextChangeReason.LookAlike);
                    output.Add(offset, units, CodePointTraits.Replacement(codePoint)!, change);
                }

                offset += units;
            }
        }

        private static TextChangeReason RemovalReason(int codePoint) => codePoint switch
        {
            _ when CodePointRanges.IsBidiControl(codePoint) => TextChangeReason.BidiControl,
            _ when CodePointRanges.IsTag(codePoint) => TextChangeReason.TagCharacter,
            _ when CodePointRanges.IsVariationSelector(codePoint) || codePoint is (>= 0x180B and <= 0x180D) or 0x180F => TextChangeReason.VariationSelector,
            _ => TextChangeReason.InvisibleCharacter,
        };

        /// <summary>
        /// A word (letters, marks and digits, invisibles skipped) is Latin-script when it has a Latin letter and no letter
        /// of another script that is not a look-alike: then its look-alikes are mapped ("pаypal"). A word wholly in
        /// another script ("Привет", "αβγ") or genuinely mixed keeps every character.
        /// </summary>
        private void MapLetterCandidatesInLatinWords()
        {
            const CodePointTrait InWord = CodePointTrait.Transparent | CodePointTrait.WordMember;
            var n = points.Length;
            var i = 0;
            while (i < n)
            {
                if ((traits[i] & CodePointTrait.Transparent) != 0 || (traits[i] & CodePointTrait.WordMember) == 0)
                {
                    i++;
                    continue;
                }

                var end = i;
                var latin = 0;
                var otherScript = 0;
                while (end < n && (traits[end] & InWord) != 0)
                {
                    var trait = traits[end];
                    if ((trait & CodePointTrait.Transparent) == 0 && (trait & CodePointTrait.Letter) != 0)
                    {
                        if ((trait & CodePointTrait.LatinLetter) != 0)
                        {
                            latin++;
                        }
                        else if ((decisions[end] & Decision.LetterCandidate) == 0)
                        {
                            otherScript++;
                        }
                    }

                    end++;
                }

                if (latin == 0 || otherScript > 0)
                {
                    for (var k = i; k < end; k++)
                    {
                        if ((decisions[k] & Decision.LetterCandidate) != 0)
                        {
                            decisions[k] &= ~Decision.Mapped;
                        }
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
        private void MapPunctuationNextToLatin()
        {
            var n = points.Length;
            var last = Side.Neutral;
            for (var i = 0; i < n; i++)
            {
                if ((decisions[i] & Decision.PunctuationCandidate) != 0)
                {
                    decisions[i] |= last switch
                    {
                        Side.Latin => Decision.LeftLatin,
                        Side.OtherScript => Decision.LeftOtherScript,
                        _ => Decision.None,
                    };
                }

                last = SideOf(i) ?? last;
            }

            last = Side.Neutral;
            for (var i = n - 1; i >= 0; i--)
            {
                if ((decisions[i] & Decision.PunctuationCandidate) != 0)
                {
                    var leftLatin = (decisions[i] & Decision.LeftLatin) != 0;
                    var leftOtherScript = (decisions[i] & Decision.LeftOtherScript) != 0;
                    if ((leftLatin || last == Side.Latin) && !leftOtherScript && last != Side.OtherScript)
                    {
                        decisions[i] |= Decision.Mapped;
                    }
                }

                last = SideOf(i) ?? last;
            }
        }

        // Null for what is looked through: invisibles, marks, punctuation and symbols.
        private Side? SideOf(int i)
        {
            var trait = traits[i];
            if ((trait & (CodePointTrait.Transparent | CodePointTrait.Mark)) != 0)
            {
                return null;
            }

            if ((trait & CodePointTrait.Space) != 0)
            {
                return Side.Neutral;
            }

            if ((trait & CodePointTrait.WordMember) == 0)
            {
                return null;
            }

            const Decision MappedLetter = Decision.LetterCandidate | Decision.Mapped;
            return (trait & (CodePointTrait.AsciiLetterOrDigit | CodePointTrait.LatinLetter)) != 0 || (decisions[i] & MappedLetter) == MappedLetter
                ? Side.Latin
                : Side.OtherScript;
        }

        /// <summary>U+1F3F4 followed by two to seven tag letters or digits and CANCEL TAG is a subdivision flag (England: U+1F3F4, tags "gbeng", U+E007F), kept whole.</summary>
        private void MarkSubdivisionFlagTags()
        {
            for (var i = 0; i < points.Length; i++)
            {
                if (points[i] != CodePointRanges.BlackFlag)
                {
                    continue;
                }

                var j = i + 1;
                while (j < points.Length && CodePointRanges.IsFlagTagSpec(points[j]))
                {
                    j++;
                }

                var letters = j - i - 1;
                if (letters is >= 2 and <= 7 && j < points.Length && points[j] == CodePointRanges.CancelTag)
                {
                    for (var k = i + 1; k <= j; k++)
                    {
                        decisions[k] |= Decision.FlagTag;
                    }

                    i = j;
                }
            }
        }

        // The code point a neighbour will have after mapping (replacements are ASCII), so the output is judged the same way.
        private int Before(int i) => i <= 0 ? -1 : (decisions[i - 1] & Decision.Mapped) != 0 ? CodePointTraits.Replacement(points[i - 1])![^1] : points[i - 1];

        private int After(int i) => i >= points.Length - 1 ? -1 : (decisions[i + 1] & Decision.Mapped) != 0 ? CodePointTraits.Replacement(points[i + 1])![0] : points[i + 1];

        // After a virama the joiner also ends a word legitimately (the old encoding of the Malayalam chillu forms),
        // but not when another invisible follows: runs of joiners are never legitimate.
        private bool BetweenJoiningLetters(int i) =>
            CodePointRanges.IsJoiningScript(Before(i))
            && (CodePointRanges.IsJoiningScript(After(i))
                || (CodePointRanges.IsMark(Before(i)) && Before(i) is >= 0x0900 and <= 0x0DFF && !IsTransparentValue(After(i))));

        // -1 (no neighbour) and the ASCII of a replacement are never transparent.
        private static bool IsTransparentValue(int codePoint) => codePoint >= 0 && (CodePointTraits.Of(codePoint) & CodePointTrait.Transparent) != 0;

        private bool IsLegitimateInvisible(int i)
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
                default:
                    return false;
            }
        }

        // 👩‍💻, 👨🏽‍🦰, 🏳️‍🌈: the joiner follows an emoji (after its skin tone or presentation selector) and precedes one.
        private bool InEmojiSequence(int i)
        {
            var j = i - 1;
            while (j >= 0 && (CodePointRanges.IsEmojiModifier(points[j]) || points[j] is CodePointRanges.EmojiPresentationSelector or CodePointRanges.TextPresentationSelector))
            {
                j--;
            }

            return j >= 0 && CodePointRanges.IsEmojiCapable(points[j]) && CodePointRanges.IsEmojiCapable(After(i));
        }

        /// <summary>
        /// The run of blank braille cells (U+2800) that starts at <paramref name="i"/>: where it ends, and whether it
        /// stands next to braille text. The blank pattern is a real cell inside braille text; alone it is an invisible filler.
        /// </summary>
        private (int LastIndex, bool IsText) BlankBrailleRun(int i)
        {
            var j = i;
            while (j >= 0 && points[j] == 0x2800)
            {
                j--;
            }

            var k = i;
            while (k < points.Length && points[k] == 0x2800)
            {
                k++;
            }

            return (k - 1, (j >= 0 && CodePointRanges.IsBraille(points[j])) || (k < points.Length && CodePointRanges.IsBraille(points[k])));
        }
    }
}
