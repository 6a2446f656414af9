using System.Text;
using Telltale.Gateway;
using Xunit;

namespace Telltale.Tests.Gateway;

/// <summary>
/// The fast <see cref="PromptTextNormaliser"/> against <see cref="ReferencePromptTextNormaliser"/>, the implementation
/// it replaced: the same text and the same changes, in the same order, for generated strings and for the edges the
/// fast one handles differently (pieces skipped without being examined, pooled arrays reused between pieces, runs of
/// blank braille looked at once, surrogate pairs decoded by hand).
/// </summary>
public sealed class PromptTextNormaliserEquivalenceTests
{
    private static readonly NormaliseOptions[] Options =
    [
        NormaliseOptions.Default,
        new NormaliseOptions { KeepTypographicQuotes = true },
        new NormaliseOptions { MapLookAlikes = false },
        new NormaliseOptions { RemoveInvisibleCharacters = false },
        new NormaliseOptions { RemoveInvisibleCharacters = false, KeepTypographicQuotes = true },
    ];

    // Every rule's characters (the idempotence test's alphabet), ASCII whitespace of each kind so texts fall into
    // several pieces, lone surrogates, and the neighbours the joiner and filler rules look for.
    private static readonly string[] Alphabet =
    [
        "a", "b", "p", "y", "I", "1", "0", "/", "-", "'", "\"", " ", " ", "\t", "\n", "\r\n", ".", ",", "#",
        "\u0430", "\u0435", "\u043E", "\u0440", "\u0406", "\u041F", "\u0434",
        "\u03B1", "\u03BF", "\u03C0", "\u4F60", "\u597D", "\uFF0C", "\u3002", "\u3007",
        "\u0915", "\u094D", "\u0937", "\u0645", "\u06CC", "\u062E", "\u0647", "\u0661",
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202E", "\u2066", "\u061C", "\u034F",
        "\uFE0E", "\uFE0F", "\uFE00", "\U000E0100", "\U000E0067", "\U000E0062", "\U000E007F", "\U0001F3F4",
        "\u2019", "\u2018", "\u201C", "\u201D", "\u00AB", "\u00BB", "\u02BC", "\u02B9", "\u2215", "\u2212", "\u2010", "\u2026", "\u00D7",
        "\U0001F469", "\U0001F4BB", "\U0001F3FD", "\u2764", "\u20E3", "\u00E9", "\u0301", "\u2800", "\u2800", "\u28FF",
        "\u1820", "\u180B", "\u1100", "\u115F", "\u1160", "\u3164", "\u00A0", "\u3000", "\u2009",
        "\U0001D41A", "\uFF41", "\uD800", "\uDC00",
    ];

    [Fact]
    public void Generated_strings_normalise_as_the_reference_does()
    {
        // A fixed seed: the same strings on every run, so a failure is reproducible.
        var random = new Random(20261207);
        var changedSomething = 0;
        for (var run = 0; run < 20_000; run++)
        {
            var text = Generate(random, random.Next(1, run % 10 == 0 ? 400 : 24));
            var option = Options[run % Options.Length];
            changedSomething += AssertSameAsReference(text, option) ? 1 : 0;
        }

        // The property says nothing if the generator never produced anything to change.
        Assert.InRange(changedSomething, 5_000, 20_000);
    }

    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB \u2019s")]
    [InlineData("\u2019Today")]
    [InlineData("Today\u2019")]
    [InlineData("\u200Bword\u200B")]
    [InlineData("\U000E0067word\U000E0067")]
    [InlineData("p\u0430ypal\t\u0430pple\n\u041F\u0440\u0438\u0432\u0435\u0442 it\u2019s")]
    [InlineData("\uD800 \uDC00\u2019s \uD83D")]
    [InlineData("a\uD800\u2019b \u2019\uDC00")]
    [InlineData("\\u2019 it\\u2019s \u2019")]
    [InlineData("\u2800\u2800\u2800 \u28FF\u2800\u2800 \u2800\u2800\u28FF \u2800")]
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F\U000E0067")]
    [InlineData("\U0001F3F4\U000E0067\U000E007F \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E0068\U000E0069\U000E007F")]
    [InlineData("1\uFE0F\u20E3 \u2764\uFE0F \u4F60\uFE00 \u1820\u180B \u1100\u1160")]
    [InlineData("   \u2019   ")]
    [InlineData("\u2019")]
    public void Edge_cases_normalise_as_the_reference_does(string text)
    {
        foreach (var option in Options)
        {
            AssertSameAsReference(text, option);
        }
    }

    [Fact]
    public void A_long_piece_after_short_ones_normalises_as_the_reference_does()
    {
        // Short pieces first, so the long one reuses pooled arrays that still hold their values.
        var random = new Random(7);
        var text = new StringBuilder("it\u2019s \u0430 p\u0430ypal \u200B\u200D ");
        text.Append(Generate(random, 20_000).Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        text.Append(" it\u2019s");
        foreach (var option in Options)
        {
            AssertSameAsReference(text.ToString(), option);
        }
    }

    [Fact]
    public void A_piece_too_long_for_the_array_pool_normalises_as_the_reference_does()
    {
        // Over a million UTF-16 units without whitespace: analysed in arrays of its own rather than pooled ones.
        var random = new Random(11);
        var text = new StringBuilder();
        while (text.Length <= (1 << 20) + 1000)
        {
            text.Append("key=valu\u00e9;").Append(Generate(random, 8).Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal)
                .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        }

        AssertSameAsReference(text.ToString(), NormaliseOptions.Default);
    }

    private static string Generate(Random random, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static bool AssertSameAsReference(string text, NormaliseOptions option)
    {
        var expected = ReferencePromptTextNormaliser.Normalise(text, option);
        var actual = PromptTextNormaliser.Normalise(text, option);
        Assert.True(
            string.Equals(expected.Text, actual.Text, StringComparison.Ordinal) && expected.Changes.SequenceEqual(actual.Changes),
            $"{Escape(text)} with {option}: expected {Escape(expected.Text)} [{string.Join("; ", expected.Changes)}], got {Escape(actual.Text)} [{string.Join("; ", actual.Changes)}]");
        return expected.Changed;
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
