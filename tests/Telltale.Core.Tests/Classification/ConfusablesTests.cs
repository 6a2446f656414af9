using Telltale.Classification;

namespace Telltale.Tests.Classification;

public sealed class ConfusablesTests
{
    // U+0027 APOSTROPHE, U+2019 RIGHT SINGLE QUOTATION MARK, U+02BC MODIFIER LETTER APOSTROPHE, U+02B9 MODIFIER LETTER PRIME.
    private static readonly string[] Apostrophes = ["\u0027", "\u2019", "\u02BC", "\u02B9"];

    public sealed class TheIcuAvailableProperty
    {
        [Fact]
        public void Is_true_on_linux_where_dotnet_itself_runs_on_icu()
        {
            Assert.True(!OperatingSystem.IsLinux() || Confusables.IcuAvailable, "The system ICU was not found.");
        }
    }

    public sealed class TheSkeletonMethod
    {
        [Theory]
        [InlineData("\u0027")]
        [InlineData("\u2019")]
        [InlineData("\u02BC")]
        [InlineData("\u02B9")]
        public void Maps_every_apostrophe_to_the_ascii_apostrophe(string apostrophe)
        {
            // TR39 confusables.txt maps all four to U+0027, U+02B9 MODIFIER LETTER PRIME included.
            Assert.Equal("'", Confusables.Skeleton(apostrophe));
        }

        [Fact]
        public void Maps_cyrillic_a_to_latin_a()
        {
            Assert.Equal("a", Confusables.Skeleton("\u0430"));
            Assert.Equal(Confusables.Skeleton("paypal"), Confusables.Skeleton("p\u0430yp\u0430l"));
        }

        [Fact]
        public void Maps_rn_and_m_to_the_same_skeleton()
        {
            Assert.Equal(Confusables.Skeleton("m"), Confusables.Skeleton("rn"));
        }

        [Fact]
        public void Returns_empty_text_unchanged()
        {
            Assert.Equal("", Confusables.Skeleton(""));
        }

        [Fact]
        public void Does_not_throw_on_a_lone_surrogate()
        {
            Assert.NotNull(Confusables.Skeleton("a\uD800b"));
        }

        [Fact]
        public void Handles_text_whose_skeleton_outgrows_the_stack_buffer()
        {
            // U+FDFA expands to eighteen characters, far more than the four-per-character first guess.
            var text = new string('\uFDFA', 100);

            var skeleton = Confusables.Skeleton(text);

            Assert.True(skeleton.Length > text.Length * 4);
            Assert.Equal(Confusables.Skeleton("\uFDFA"), skeleton[..(skeleton.Length / 100)]);
        }

        [Fact]
        public void Gives_the_same_answers_from_many_threads()
        {
            string[] inputs = ["p\u0430yp\u0430l", "rn", "\u2019", "\u0391\u0392\u0393", "hello world", "\uFF21\uFF22", "\u200Bx"];
            var expected = inputs.Select(Confusables.Skeleton).ToArray();
            var results = new string[20_000];

            Parallel.For(0, results.Length, i => results[i] = Confusables.Skeleton(inputs[i % inputs.Length]));

            Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(expected[i % inputs.Length], results[i]));
        }
    }

    public sealed class TheAreConfusableMethod
    {
        public static TheoryData<string, string> ApostrophePairs()
        {
            var pairs = new TheoryData<string, string>();
            for (var i = 0; i < Apostrophes.Length; i++)
            {
                for (var j = i + 1; j < Apostrophes.Length; j++)
                {
                    pairs.Add(Apostrophes[i], Apostrophes[j]);
                }
            }

            return pairs;
        }

        [Theory]
        [MemberData(nameof(ApostrophePairs))]
        public void Finds_every_pair_of_apostrophes_confusable(string a, string b)
        {
            Assert.True(Confusables.AreConfusable(a, b));
        }

        [Theory]
        [InlineData("\u0430", "a")]
        [InlineData("rn", "m")]
        [InlineData("l", "1")]
        public void Finds_look_alikes_confusable(string a, string b)
        {
            Assert.True(Confusables.AreConfusable(a, b));
        }

        [Theory]
        [InlineData("-", "/")]
        [InlineData("a", "a")]
        [InlineData("a", "b")]
        public void Does_not_find_different_looking_or_identical_strings_confusable(string a, string b)
        {
            Assert.False(Confusables.AreConfusable(a, b));
        }
    }

    public sealed class TheIsLookAlikeVariantSetMethod
    {
        [Fact]
        public void Takes_the_four_apostrophes_as_one_set()
        {
            Assert.True(Confusables.IsLookAlikeVariantSet(Apostrophes));
        }

        [Fact]
        public void Takes_cyrillic_and_latin_a_as_a_set()
        {
            Assert.True(Confusables.IsLookAlikeVariantSet(["a", "\u0430"]));
        }

        [Fact]
        public void Takes_empty_text_and_a_zero_width_space_as_a_set()
        {
            Assert.True(Confusables.IsLookAlikeVariantSet(["", "\u200B"]));
        }

        [Fact]
        public void Joins_invisible_differences_and_look_alikes_through_a_shared_variant()
        {
            // "а\u200B" is not confusable with "a" by skeleton (ICU keeps the ZWSP) but is "а" plus an invisible.
            Assert.True(Confusables.IsLookAlikeVariantSet(["a", "\u0430", "\u0430\u200B"]));
        }

        [Theory]
        [InlineData("rn", "m")]
        [InlineData("l", "1")]
        public void Ignores_ascii_only_look_alikes(string a, string b)
        {
            Assert.False(Confusables.IsLookAlikeVariantSet([a, b]));
        }

        [Theory]
        [InlineData("-", "/")]
        [InlineData("\u2019", "\u2014")]
        public void Rejects_variants_that_do_not_look_alike(string a, string b)
        {
            Assert.False(Confusables.IsLookAlikeVariantSet([a, b]));
        }

        [Fact]
        public void Rejects_a_set_with_one_variant_unlike_the_others()
        {
            Assert.False(Confusables.IsLookAlikeVariantSet(["'", "\u2019", "x"]));
        }

        [Fact]
        public void Needs_two_distinct_variants()
        {
            Assert.False(Confusables.IsLookAlikeVariantSet(["\u2019", "\u2019"]));
            Assert.False(Confusables.IsLookAlikeVariantSet([]));
        }
    }

    public sealed class TheIsInvisibleMethod
    {
        [Theory]
        [InlineData(0x200B)] // zero width space
        [InlineData(0x200C)] // zero width non-joiner
        [InlineData(0x200D)] // zero width joiner
        [InlineData(0x2060)] // word joiner
        [InlineData(0xFEFF)] // byte order mark
        [InlineData(0x202E)] // right-to-left override
        [InlineData(0x2066)] // left-to-right isolate
        [InlineData(0x00AD)] // soft hyphen
        [InlineData(0xE0001)] // language tag
        [InlineData(0xE0041)] // tag latin capital letter a
        [InlineData(0xE007F)] // cancel tag
        [InlineData(0xFE0F)] // variation selector-16
        [InlineData(0xE0100)] // variation selector-17
        [InlineData(0x00A0)] // no-break space
        [InlineData(0x2009)] // thin space
        [InlineData(0x202F)] // narrow no-break space
        [InlineData(0x3000)] // ideographic space
        [InlineData(0x115F)] // hangul choseong filler
        [InlineData(0x1160)] // hangul jungseong filler
        [InlineData(0x3164)] // hangul filler
        [InlineData(0xFFA0)] // halfwidth hangul filler
        [InlineData(0x180E)] // mongolian vowel separator
        public void Is_true_for_characters_that_render_as_nothing_or_a_plain_gap(int codePoint)
        {
            Assert.True(Confusables.IsInvisible(codePoint));
        }

        [Theory]
        [InlineData('a')]
        [InlineData(' ')]
        [InlineData('\n')]
        [InlineData(0x2019)] // right single quotation mark
        [InlineData(0x0600)] // arabic number sign: a format character with a glyph
        [InlineData(0x1680)] // ogham space mark: a space separator with a glyph
        [InlineData(0xD800)] // lone surrogate
        [InlineData(0x110000)] // beyond Unicode
        [InlineData(-1)]
        public void Is_false_for_visible_and_invalid_code_points(int codePoint)
        {
            Assert.False(Confusables.IsInvisible(codePoint));
        }
    }

    public sealed class TheDescribeMethod
    {
        [Theory]
        [InlineData(0x2019, "U+2019 RIGHT SINGLE QUOTATION MARK")]
        [InlineData(0x27, "U+0027 APOSTROPHE")]
        [InlineData(0x200B, "U+200B ZERO WIDTH SPACE")]
        [InlineData(0x1F600, "U+1F600 GRINNING FACE")]
        [InlineData(0x4E00, "U+4E00 CJK UNIFIED IDEOGRAPH-4E00")]
        public void Gives_the_code_point_and_its_unicode_name(int codePoint, string expected)
        {
            Assert.Equal(expected, Confusables.Describe(codePoint));
        }

        [Fact]
        public void Falls_back_to_the_extended_name_for_unnamed_code_points()
        {
            Assert.Equal("U+0007 <control-0007>", Confusables.Describe(0x07));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0x110000)]
        public void Rejects_values_outside_unicode(int codePoint)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Confusables.Describe(codePoint));
        }
    }

    public sealed class TheApproximateSkeletonMethod
    {
        [Fact]
        public void Folds_compatibility_forms_case_and_invisibles()
        {
            Assert.Equal("abc", Confusables.ApproximateSkeleton("\uFF21b\u200BC"));
        }

        [Fact]
        public void Survives_a_lone_surrogate()
        {
            Assert.Equal("a\uFFFDb", Confusables.ApproximateSkeleton("a\uD800b"));
        }
    }
}
