using Telltale.Probing;

namespace Telltale.Tests.Probing;

public sealed class CodePointDiffTests
{
    public sealed class TheCompareMethod
    {
        [Fact]
        public void Reports_a_swapped_apostrophe_as_one_look_alike_change()
        {
            var change = Assert.Single(CodePointDiff.Compare("Today's date", "Today\u2019s date"));

            Assert.Equal(5, change.OldOffset);
            Assert.Equal(5, change.NewOffset);
            Assert.Equal("'", change.OldText);
            Assert.Equal("\u2019", change.NewText);
            Assert.Equal(["U+0027 APOSTROPHE"], change.OldCodePoints);
            Assert.Equal(["U+2019 RIGHT SINGLE QUOTATION MARK"], change.NewCodePoints);
            Assert.True(change.IsLookAlike);
            Assert.False(change.IsInvisible);
            Assert.Equal("Today[' → \u2019]s date", change.Excerpt);
        }

        [Fact]
        public void Diffs_an_astral_character_as_one_code_point_and_counts_offsets_in_code_points()
        {
            // U+1D400 MATHEMATICAL BOLD CAPITAL A is two UTF-16 units; the second one is at code point 1, unit 2.
            var change = Assert.Single(CodePointDiff.Compare("\U0001D400\U0001D400b", "\U0001D400Ab"));

            Assert.Equal(1, change.OldOffset);
            Assert.Equal("\U0001D400", change.OldText);
            Assert.Equal("A", change.NewText);
            Assert.Equal(["U+1D400 MATHEMATICAL BOLD CAPITAL A"], change.OldCodePoints);
            Assert.Equal(["U+0041 LATIN CAPITAL LETTER A"], change.NewCodePoints);
            Assert.True(change.IsLookAlike);
        }

        [Fact]
        public void Never_splits_astral_characters_that_share_a_high_surrogate()
        {
            // U+1D400 and U+1D401 differ only in the low surrogate; a UTF-16 diff would report half a character.
            var change = Assert.Single(CodePointDiff.Compare("x\U0001D400y", "x\U0001D401y"));

            Assert.Equal("\U0001D400", change.OldText);
            Assert.Equal("\U0001D401", change.NewText);
            Assert.Equal(["U+1D401 MATHEMATICAL BOLD CAPITAL B"], change.NewCodePoints);
        }

        [Fact]
        public void Reports_each_changed_date_separator()
        {
            var changes = CodePointDiff.Compare("2026-11-23", "2026/11/23");

            Assert.Equal([4, 7], changes.Select(c => c.OldOffset));
            Assert.All(changes, change =>
            {
                Assert.Equal("-", change.OldText);
                Assert.Equal("/", change.NewText);
                Assert.Equal(["U+002D HYPHEN-MINUS"], change.OldCodePoints);
                Assert.Equal(["U+002F SOLIDUS"], change.NewCodePoints);
                Assert.False(change.IsLookAlike);
                Assert.False(change.IsInvisible);
            });
        }

        [Fact]
        public void Reports_an_inserted_zero_width_space_as_invisible_and_shows_it_escaped()
        {
            var change = Assert.Single(CodePointDiff.Compare("paypal", "pay\u200Bpal"));

            Assert.Equal(3, change.OldOffset);
            Assert.Equal("", change.OldText);
            Assert.Equal("\u200B", change.NewText);
            Assert.Equal(["U+200B ZERO WIDTH SPACE"], change.NewCodePoints);
            Assert.True(change.IsInvisible);
            Assert.False(change.IsLookAlike);
            Assert.Equal(@"pay[ → \u{200B}]pal", change.Excerpt);
        }

        [Fact]
        public void Keeps_a_lone_surrogate_as_a_code_point_of_its_own()
        {
            var change = Assert.Single(CodePointDiff.Compare("a\uD800b", "a\uDC00b"));

            Assert.Equal("\uD800", change.OldText);
            Assert.StartsWith("U+D800", change.OldCodePoints[0], StringComparison.Ordinal);
            Assert.StartsWith("U+DC00", change.NewCodePoints[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Returns_nothing_for_equal_text()
        {
            Assert.Empty(CodePointDiff.Compare("same \U0001D400", "same \U0001D400"));
        }

        [Fact]
        public void Reports_text_added_to_an_empty_string_as_one_insertion()
        {
            var change = Assert.Single(CodePointDiff.Compare("", "abc"));

            Assert.Equal(("", "abc", 0, 0), (change.OldText, change.NewText, change.OldOffset, change.NewOffset));
        }

        [Fact]
        public void Shows_thirty_code_points_of_context_each_side_and_marks_the_cut()
        {
            var before = new string('a', 40);
            var after = new string('b', 40);

            var change = Assert.Single(CodePointDiff.Compare(before + "'" + after, before + "\u2019" + after));

            Assert.Equal("…" + new string('a', CodePointDiff.ContextLength), change.ContextBefore);
            Assert.Equal(new string('b', CodePointDiff.ContextLength) + "…", change.ContextAfter);
        }

        [Fact]
        public void Reports_a_middle_too_long_to_diff_as_one_replacement()
        {
            var random = new Random(7);
            string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('a' + random.Next(26))));
            var oldMiddle = Letters(CodePointDiff.MaxDiffedLength);
            var newMiddle = Letters(CodePointDiff.MaxDiffedLength);

            var change = Assert.Single(CodePointDiff.Compare("<" + oldMiddle + ">", "<" + newMiddle + ">"));

            Assert.Equal((1, oldMiddle, newMiddle), (change.OldOffset, change.OldText, change.NewText));
        }
    }

    public sealed class TheShowInvisibleMethod
    {
        [Theory]
        [InlineData("a\u200Bb", @"a\u{200B}b")]
        [InlineData("no\u00A0break", @"no\u{00A0}break")]
        [InlineData("line\nnext\ttab", @"line\nnext\ttab")]
        [InlineData("bell\u0007", @"bell\u{0007}")]
        [InlineData("\U000E0041tag", @"\u{E0041}tag")]
        [InlineData("\U0001D400 and \u2019 stay", "\U0001D400 and \u2019 stay")]
        public void Escapes_what_cannot_be_seen_and_leaves_the_rest(string text, string shown)
        {
            Assert.Equal(shown, CodePointDiff.ShowInvisible(text));
        }
    }
}
