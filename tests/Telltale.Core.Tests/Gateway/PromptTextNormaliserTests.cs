using System.Globalization;
using System.Text;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

public sealed class PromptTextNormaliserTests
{
    private static string Hex(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");

    public sealed class InvisibleCharacters
    {
        [Theory]
        [InlineData(0x200B, TextChangeReason.InvisibleCharacter)]
        [InlineData(0x2060, TextChangeReason.InvisibleCharacter)]
        [InlineData(0xFEFF, TextChangeReason.InvisibleCharacter)]
        [InlineData(0x00AD, TextChangeReason.InvisibleCharacter)]
        [InlineData(0x200D, TextChangeReason.InvisibleCharacter)]
        [InlineData(0x200C, TextChangeReason.InvisibleCharacter)]
        [InlineData(0x200E, TextChangeReason.BidiControl)]
        [InlineData(0x200F, TextChangeReason.BidiControl)]
        [InlineData(0x202A, TextChangeReason.BidiControl)]
        [InlineData(0x202B, TextChangeReason.BidiControl)]
        [InlineData(0x202C, TextChangeReason.BidiControl)]
        [InlineData(0x202D, TextChangeReason.BidiControl)]
        [InlineData(0x202E, TextChangeReason.BidiControl)]
        [InlineData(0x2066, TextChangeReason.BidiControl)]
        [InlineData(0x2067, TextChangeReason.BidiControl)]
        [InlineData(0x2068, TextChangeReason.BidiControl)]
        [InlineData(0x2069, TextChangeReason.BidiControl)]
        [InlineData(0x061C, TextChangeReason.BidiControl)]
        [InlineData(0xE0001, TextChangeReason.TagCharacter)]
        [InlineData(0xE0041, TextChangeReason.TagCharacter)]
        [InlineData(0xE007F, TextChangeReason.TagCharacter)]
        [InlineData(0xFE00, TextChangeReason.VariationSelector)]
        [InlineData(0xFE0F, TextChangeReason.VariationSelector)]
        [InlineData(0xE0100, TextChangeReason.VariationSelector)]
        [InlineData(0xE01EF, TextChangeReason.VariationSelector)]
        public void Are_removed_between_latin_letters_with_the_code_point_and_reason_logged(int codePoint, TextChangeReason reason)
        {
            var result = PromptTextNormaliser.Normalise("pass" + char.ConvertFromUtf32(codePoint) + "word");

            Assert.Equal("password", result.Text);
            Assert.Equal([new TextChange(4, Hex(codePoint), "", reason)], result.Changes);
        }

        [Fact]
        public void Tag_character_smuggling_is_removed_one_change_per_tag()
        {
            var hidden = string.Concat("hi".Select(c => char.ConvertFromUtf32(0xE0000 + c)));

            var result = PromptTextNormaliser.Normalise("hello" + hidden + " world");

            Assert.Equal("hello world", result.Text);
            Assert.Equal(
                [new TextChange(5, "U+E0068", "", TextChangeReason.TagCharacter), new TextChange(7, "U+E0069", "", TextChangeReason.TagCharacter)],
                result.Changes);
        }

        [Fact]
        public void A_bidi_override_that_reverses_a_word_is_removed()
        {
            var result = PromptTextNormaliser.Normalise("run \u202Egnp.exe\u202C now");

            Assert.Equal("run gnp.exe now", result.Text);
            Assert.All(result.Changes, c => Assert.Equal(TextChangeReason.BidiControl, c.Reason));
            Assert.Equal([4, 12], result.Changes.Select(c => c.Offset));
        }

        [Theory]
        [InlineData("\u200Dword")]
        [InlineData("word\u200D")]
        [InlineData("word\u200D word")]
        [InlineData("\u0915\u094D\u200D\u200D\u0937")]
        [InlineData("\u06CC\u200C\u200C\u062E")]
        [InlineData("a\u200C\u062E")]
        public void Joiners_at_word_edges_in_runs_or_next_to_latin_are_removed(string text)
        {
            var result = PromptTextNormaliser.Normalise(text);

            Assert.DoesNotContain('\u200D', result.Text);
            Assert.DoesNotContain('\u200C', result.Text);
            Assert.NotEmpty(result.Changes);
        }

        [Theory]
        [InlineData("\U0001F469\u200D\U0001F4BB")] // woman technologist
        [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")] // family
        [InlineData("\U0001F44D\U0001F3FD")] // thumbs up, medium skin tone
        [InlineData("\U0001F469\U0001F3FE\u200D\U0001F9B0")] // woman, skin tone, red hair
        [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308")] // rainbow flag
        [InlineData("\u2764\uFE0F")] // red heart, emoji presentation
        [InlineData("\u263A\uFE0E")] // smiling face, text presentation
        [InlineData("1\uFE0F\u20E3")] // keycap one
        [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F")] // England
        [InlineData("\U0001F3F4\U000E0075\U000E0073\U000E0063\U000E0061\U000E007F")] // California
        [InlineData("\u0915\u094D\u200D\u0937")] // Devanagari half form with ZWJ
        [InlineData("\u0930\u094D\u200D\u092F")] // eyelash ra
        [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")] // Persian mi-khaham with ZWNJ
        [InlineData("\u0D28\u0D4D\u200D")] // Malayalam chillu in the old encoding: virama and ZWJ at the end of a word
        public void Legitimate_sequences_are_left_exactly_as_they_were(string text)
        {
            var result = PromptTextNormaliser.Normalise(text);

            Assert.Equal(text, result.Text);
            Assert.Empty(result.Changes);
        }

        [Fact]
        public void An_ideographic_variation_selector_after_a_han_character_is_kept()
        {
            // 葛 with an IVS: a registered glyph variant, common in Japanese names.
            const string text = "\u845B\U000E0100\u57CE";

            Assert.Empty(PromptTextNormaliser.Normalise(text).Changes);
        }

        [Fact]
        public void Tags_that_do_not_end_in_cancel_tag_are_removed_even_after_a_black_flag()
        {
            var result = PromptTextNormaliser.Normalise("\U0001F3F4\U000E0067\U000E0062 x");

            Assert.Equal("\U0001F3F4 x", result.Text);
            Assert.Equal(2, result.Changes.Count);
        }

        [Fact]
        public void A_variation_selector_after_a_letter_is_removed()
        {
            var result = PromptTextNormaliser.Normalise("a\uFE0Fb");

            Assert.Equal("ab", result.Text);
        }
    }

    public sealed class LookAlikes
    {
        [Theory]
        [InlineData(0x2019)]
        [InlineData(0x02BC)]
        [InlineData(0x02B9)]
        public void The_apostrophe_in_todays_date_is_mapped_to_ascii(int apostrophe)
        {
            var text = "Today" + char.ConvertFromUtf32(apostrophe) + "s date is 2026-04-03.";

            var result = PromptTextNormaliser.Normalise(text);

            Assert.Equal("Today's date is 2026-04-03.", result.Text);
            Assert.Equal([new TextChange(5, Hex(apostrophe), "U+0027", TextChangeReason.LookAlike)], result.Changes);
        }

        [Fact]
        public void Cyrillic_a_in_a_latin_word_is_mapped()
        {
            var result = PromptTextNormaliser.Normalise("log in to p\u0430ypal now");

            Assert.Equal("log in to paypal now", result.Text);
            Assert.Equal([new TextChange(11, "U+0430", "U+0061", TextChangeReason.LookAlike)], result.Changes);
        }

        [Fact]
        public void A_cyrillic_look_alike_at_the_start_of_a_latin_word_is_mapped()
        {
            Assert.Equal("apple", PromptTextNormaliser.Normalise("\u0430pple").Text);
        }

        [Fact]
        public void An_uppercase_look_alike_becomes_the_uppercase_ascii_letter()
        {
            // Cyrillic І shares its skeleton with "l", "I", "1" and "|"; it is an uppercase letter, so "I".
            Assert.Equal("Index", PromptTextNormaliser.Normalise("\u0406ndex").Text);
        }

        [Theory]
        [InlineData("\u041F\u0440\u0438\u0432\u0435\u0442, \u043C\u0438\u0440!")] // Привет, мир!
        [InlineData("\u0441\u043E\u0441")] // сос: every letter a look-alike, but no Latin letter
        [InlineData("\u03B1\u03B2\u03B3 \u03BA\u03B1\u03B9 \u03BF")] // Greek words
        [InlineData("\u4F60\u597D\uFF0C\u4E16\u754C\u3002")] // 你好，世界。
        [InlineData("\u300C\u3053\u3093\u306B\u3061\u306F\u300D\uFF01")] // 「こんにちは」！
        [InlineData("\u201E\u041F\u0440\u0438\u0432\u0435\u0442\u201C")] // „Привет“
        [InlineData("2026/04/03 and 2026-04-03")]
        [InlineData("\U0001F44B\U0001F3FB \u2211 x\u00B2 \u2192 \u221E \u2264 \u00BD")]
        [InlineData("caf\u00E9 na\u00EFve \u00DCber K\u0131rm\u0131z\u0131 \u0142\u00F3d\u017A")]
        [InlineData("\u0627\u0644\u0639\u0631\u0628\u064A\u0629 \u0661\u0662\u0663")]
        [InlineData("\u03B1 = 2\u03C0r")]
        public void Legitimate_text_in_other_scripts_and_symbols_is_untouched(string text)
        {
            var result = PromptTextNormaliser.Normalise(text);

            Assert.Equal(text, result.Text);
            Assert.Empty(result.Changes);
        }

        [Fact]
        public void A_division_slash_in_a_date_becomes_a_solidus()
        {
            var result = PromptTextNormaliser.Normalise("2026\u221504\u221503");

            Assert.Equal("2026/04/03", result.Text);
            Assert.Equal(["U+2215", "U+2215"], result.Changes.Select(c => c.Before));
            Assert.All(result.Changes, c => Assert.Equal("U+002F", c.After));
        }

        [Fact]
        public void Typographic_quotes_are_mapped_by_default_and_kept_with_the_option()
        {
            const string text = "She said \u201CIt\u2019s \u2018fine\u2019\u201D.";

            Assert.Equal("She said \"It's 'fine'\".", PromptTextNormaliser.Normalise(text).Text);
            Assert.Empty(PromptTextNormaliser.Normalise(text, new NormaliseOptions { KeepTypographicQuotes = true }).Changes);
        }

        [Fact]
        public void The_modifier_letter_apostrophe_is_mapped_even_with_typographic_quotes_kept()
        {
            var result = PromptTextNormaliser.Normalise("Today\u02BCs", new NormaliseOptions { KeepTypographicQuotes = true });

            Assert.Equal("Today's", result.Text);
        }

        [Fact]
        public void A_unicode_hyphen_between_latin_letters_is_mapped()
        {
            Assert.Equal("e-mail", PromptTextNormaliser.Normalise("e\u2010mail").Text);
        }

        [Fact]
        public void Nothing_is_changed_when_both_rules_are_off()
        {
            var options = new NormaliseOptions { MapLookAlikes = false, RemoveInvisibleCharacters = false };

            Assert.Empty(PromptTextNormaliser.Normalise("p\u0430y\u200Bpal", options).Changes);
        }

        [Fact]
        public void Each_rule_can_be_turned_off_alone()
        {
            Assert.Equal("pay\u200Bpal", PromptTextNormaliser.Normalise("p\u0430y\u200Bpal", new NormaliseOptions { RemoveInvisibleCharacters = false }).Text);
            Assert.Equal("p\u0430ypal", PromptTextNormaliser.Normalise("p\u0430y\u200Bpal", new NormaliseOptions { MapLookAlikes = false }).Text);
        }

        [Fact]
        public void A_lone_surrogate_is_copied_back_as_it_was()
        {
            var result = PromptTextNormaliser.Normalise("a\uD800b\u200Bc");

            Assert.Equal("a\uD800bc", result.Text);
            Assert.Equal([new TextChange(3, "U+200B", "", TextChangeReason.InvisibleCharacter)], result.Changes);
        }

        [Fact]
        public void An_invisible_inside_a_latin_word_does_not_hide_its_look_alikes()
        {
            var result = PromptTextNormaliser.Normalise("p\u0430\u200Bypal");

            Assert.Equal("paypal", result.Text);
            Assert.Equal(2, result.Changes.Count);
        }
    }

    public sealed class Idempotence
    {
        // Characters that exercise every rule: Latin, Cyrillic, Greek, Han, Devanagari, Arabic letters and their
        // look-alikes, joiners, selectors, tags, bidi controls, emoji and punctuation of several kinds.
        private static readonly string[] Alphabet =
        [
            "a", "b", "p", "y", "I", "1", "0", "/", "-", "'", "\"", " ", ".", ",",
            "\u0430", "\u0435", "\u043E", "\u0440", "\u0406", "\u041F", "\u0434",
            "\u03B1", "\u03BF", "\u03C0", "\u4F60", "\u597D", "\uFF0C", "\u3002",
            "\u0915", "\u094D", "\u0937", "\u0645", "\u06CC", "\u062E", "\u0647", "\u0661",
            "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202E", "\u2066", "\u061C",
            "\uFE0E", "\uFE0F", "\U000E0100", "\U000E0067", "\U000E0062", "\U000E007F", "\U0001F3F4",
            "\u2019", "\u2018", "\u201C", "\u201D", "\u02BC", "\u02B9", "\u2215", "\u2212", "\u2026", "\u00D7",
            "\U0001F469", "\U0001F4BB", "\U0001F3FD", "\u2764", "\u20E3", "\u00E9", "\u0301", "\u2800", "\u28FF",
        ];

        [Fact]
        public void Normalising_the_output_again_changes_nothing_for_many_generated_strings()
        {
            // A fixed seed: the same strings on every run, so a failure is reproducible.
            var random = new Random(20260403);
            var options = new[]
            {
                NormaliseOptions.Default,
                new NormaliseOptions { KeepTypographicQuotes = true },
                new NormaliseOptions { MapLookAlikes = false },
                new NormaliseOptions { RemoveInvisibleCharacters = false },
            };
            var changedSomething = 0;
            for (var run = 0; run < 4000; run++)
            {
                var text = new StringBuilder();
                var length = random.Next(1, 16);
                for (var i = 0; i < length; i++)
                {
                    text.Append(Alphabet[random.Next(Alphabet.Length)]);
                }

                var option = options[run % options.Length];
                var first = PromptTextNormaliser.Normalise(text.ToString(), option);
                var second = PromptTextNormaliser.Normalise(first.Text, option);

                Assert.True(second.Changes.Count == 0, $"Second pass over {Escape(first.Text)} (from {Escape(text.ToString())}) changed {string.Join("; ", second.Changes)}");
                changedSomething += first.Changed ? 1 : 0;
            }

            // The property says nothing if the generator never produced anything to change.
            Assert.InRange(changedSomething, 1000, 4000);
        }

        private static string Escape(string text) =>
            string.Concat(text.EnumerateRunes().Select(r => r.Value < 0x80 ? r.ToString() : Hex(r.Value)));
    }
}
