using Telltale.Probing;

namespace Telltale.Tests.Probing;

public sealed class DerivedTokensTests
{
    public sealed class TheIsHighEntropyMethod
    {
        [Theory]
        [InlineData("3fa9c1d2e4b5")]
        [InlineData("9f86d081884c7d659a2feaa0c55ad015")]
        [InlineData("9F86D081")]
        [InlineData("dGhpcyBpcyBhIHRlc3Q9PQ==")]
        [InlineData("Zm9vYmFyYmF6cXV4MTIz")]
        [InlineData("k3J_9xQz-Lm2vB8wRt")]
        public void Accepts_hashes_and_random_tokens(string token)
        {
            Assert.True(DerivedTokens.IsHighEntropy(token));
        }

        [Theory]
        [InlineData("'")]
        [InlineData("2026-11-23")]
        [InlineData("20261123")]
        [InlineData("1732345678")]
        [InlineData("deadbeefcafebabe")]
        [InlineData("aaaa1111")]
        [InlineData("3fa9c1d")]
        [InlineData("claude-sonnet-4-5-20250929")]
        [InlineData("getUserNameFromDatabase")]
        [InlineData("Zm9vYmFy")]
        public void Rejects_words_numbers_dates_and_short_or_repetitive_runs(string token)
        {
            Assert.False(DerivedTokens.IsHighEntropy(token));
        }
    }

    public sealed class TheIsKeyedShortHashMethod
    {
        [Theory]
        [InlineData("3fa9c", true)]
        [InlineData("7B21E0A", true)]
        [InlineData("12345", false)]
        [InlineData("abcde", false)]
        [InlineData("3fa9", false)]
        [InlineData("3fa9c1d2", false)]
        public void Accepts_five_to_seven_hex_characters_mixing_digits_and_letters(string token, bool expected)
        {
            Assert.Equal(expected, DerivedTokens.IsKeyedShortHash(token));
        }
    }

    public sealed class TheDecodesToTextMethod
    {
        [Theory]
        [InlineData("eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MiwiY2FjaGluZ0VuYWJsZWQiOnRydWV9")]
        [InlineData("eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MiwiY2FjaGluZ0VuYWJsZWQiOnRydWV9==")]
        [InlineData("68656c6c6f20776f726c64")]
        public void Recognises_encoded_text(string token)
        {
            Assert.True(DerivedTokens.DecodesToText(token));
        }

        [Theory]
        [InlineData("3fa9c1d2e4b5")]
        [InlineData("9f86d081884c7d659a2feaa0c55ad015")]
        [InlineData("k3J_9xQz-Lm2vB8wRt")]
        public void Does_not_take_digests_for_text(string token)
        {
            Assert.False(DerivedTokens.DecodesToText(token));
        }
    }

    public sealed class TheWidenMethod
    {
        private static IReadOnlyList<TokenChange> Widen(string oldText, string newText) =>
            DerivedTokens.Widen(oldText, newText, CodePointDiff.Compare(oldText, newText));

        [Fact]
        public void Merges_the_pieces_of_a_changed_hash_into_one_whole_token_change()
        {
            var widened = Assert.Single(Widen("cch=3fa9c1d2e4b5;", "cch=7b21e0aa9c44;"));

            Assert.True(widened.IsTokenChange);
            Assert.Equal((4, "3fa9c1d2e4b5", "7b21e0aa9c44"), (widened.Change.OldOffset, widened.Change.OldText, widened.Change.NewText));
        }

        [Fact]
        public void Takes_a_short_hex_value_of_a_key_for_a_hash()
        {
            var widened = Assert.Single(Widen("cc_version=2.1.91; cch=3fa9c;", "cc_version=2.1.91; cch=7b21e;"));

            Assert.True(widened.IsTokenChange);
            Assert.Equal(("3fa9c", "7b21e"), (widened.Change.OldText, widened.Change.NewText));
        }

        [Theory]
        [InlineData("count=12345;", "count=12346;")]
        [InlineData("name=3fa9c;", "name=3fa9\u2019;")]
        [InlineData("word 3fa9c here", "word 7b21e here")]
        public void Leaves_short_values_that_are_numbers_text_or_unkeyed(string oldText, string newText)
        {
            Assert.All(Widen(oldText, newText), widened => Assert.False(widened.IsTokenChange));
        }

        [Fact]
        public void Finds_a_hash_glued_to_words()
        {
            var widened = Assert.Single(Widen("id/3fa9c1d2e4b5/x", "id/7b21e0aa9c44/x"));

            Assert.True(widened.IsTokenChange);
            Assert.Equal("3fa9c1d2e4b5", widened.Change.OldText);
        }

        [Fact]
        public void Widens_an_encoded_payload_but_does_not_take_it_for_a_hash()
        {
            const string Old = "meta=eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MiwiY2FjaGluZ0VuYWJsZWQiOnRydWV9;";
            const string New = "meta=eyJ0b3RhbE1lc3NhZ2VDb3VudCI6MSwiY2FjaGluZ0VuYWJsZWQiOnRydWV9;";

            var widened = Assert.Single(Widen(Old, New));

            Assert.False(widened.IsTokenChange);
            Assert.Equal(5, widened.Change.OldOffset);
            Assert.Equal(Old[5..^1], widened.Change.OldText);
        }

        [Fact]
        public void Does_not_take_tokens_of_different_lengths_for_a_hash()
        {
            var widened = Assert.Single(Widen("cch=3fa9c1d2e4b5;", "cch=7b21e0aa9c44d1;"));

            Assert.False(widened.IsTokenChange);
            Assert.Equal("7b21e0aa9c44d1", widened.Change.NewText);
        }

        [Fact]
        public void Folds_a_change_in_base64_padding_into_the_widened_token()
        {
            var widened = Assert.Single(Widen("k=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5;", "k=Q2hhbmdlZCB2YWx1ZSBoZXJlMQ==;"));

            Assert.Equal("Q2hhbmdlZCB2YWx1ZSBoZXJlMQ==", widened.Change.NewText);
        }

        [Theory]
        [InlineData("Today's date", "Today\u2019s date")]
        [InlineData("3fa9c1d2e4b5's", "3fa9c1d2e4b5\u2019s")]
        [InlineData("2026-11-23", "2026/11/23")]
        [InlineData("3fa9c1d2e4b5", "3fa9c1d2\u200Be4b5")]
        [InlineData("version 20261123", "version 20261124")]
        public void Never_takes_punctuation_invisibles_or_numbers_for_a_token(string oldText, string newText)
        {
            Assert.All(Widen(oldText, newText), widened => Assert.False(widened.IsTokenChange));
        }
    }
}
