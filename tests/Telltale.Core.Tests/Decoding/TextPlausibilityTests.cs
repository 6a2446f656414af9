using System.Text;
using Telltale.Decoding;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class TextPlausibilityTests
{
    private const string Code = "function f(a, b) { return a.map((x) => x + b).filter(Boolean); }";
    private const string Chinese = "今天在工作目录中找不到配置文件，请检查路径。";

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public sealed class TheIsPlausibleTextMethod
    {
        [Theory]
        [InlineData(Sentence)]
        [InlineData(DomainList)]
        [InlineData(Code)]
        [InlineData(Chinese)]
        [InlineData("Сегодня файл конфигурации не найден в рабочем каталоге.")]
        [InlineData("line one\nline two\tand a tab\r\n")]
        public void Accepts_prose_code_and_other_scripts(string text)
        {
            Assert.True(TextPlausibility.IsPlausibleText(Utf8(text)));
        }

        [Fact]
        public void Rejects_random_bytes()
        {
            var accepted = Enumerable.Range(0, 200).Count(seed => TextPlausibility.IsPlausibleText(RandomBytes(seed, 64)));

            Assert.Equal(0, accepted);
        }

        [Fact]
        public void Rejects_invalid_utf8_control_characters_and_short_input()
        {
            Assert.False(TextPlausibility.IsPlausibleText([.. Utf8("the quick brown fox"), 0xC3]));
            Assert.False(TextPlausibility.IsPlausibleText(Utf8("the quick\u0001brown\u0002fox\u0003")));
            Assert.False(TextPlausibility.IsPlausibleText(Utf8("the")));
            Assert.True(TextPlausibility.IsPlausibleText(Utf8("the"), minLength: 3));
        }
    }

    public sealed class TheIsPlausibleHiddenTextMethod
    {
        [Theory]
        [InlineData(DomainList)]
        [InlineData(LabList)]
        [InlineData(Sentence)]
        [InlineData(Chinese)]
        public void Accepts_varied_text(string text)
        {
            Assert.True(TextPlausibility.IsPlausibleHiddenText(Utf8(text)));
        }

        [Theory]
        [InlineData("tetetetetetetetetetetetetetetete")]
        [InlineData("dddddeeeeedddddeeeeedddddeeeee")]
        [InlineData("enstenstenstenstenstenstenstenst")]
        [InlineData("aaaa bbbb cccc dddd eeee ffff gggg")]
        [InlineData("1234567890, 2345678901, 3456789012")]
        [InlineData("short")]
        public void Rejects_periodic_repetitive_or_letterless_text(string text)
        {
            Assert.False(TextPlausibility.IsPlausibleHiddenText(Utf8(text)));
        }

        [Fact]
        public void Rejects_text_of_period_ten()
        {
            Assert.False(TextPlausibility.IsPlausibleHiddenText("lmnohijkdelmnohijkdelmnohijkdelmno"u8));
        }
    }

    public sealed class TheIsCleanTextMethod
    {
        [Fact]
        public void Accepts_utf8_without_control_characters()
        {
            Assert.True(TextPlausibility.IsCleanText(Utf8("{\"a\":1}\n\t" + Chinese)));
        }

        [Fact]
        public void Rejects_empty_controls_delete_and_invalid_utf8()
        {
            Assert.False(TextPlausibility.IsCleanText([]));
            Assert.False(TextPlausibility.IsCleanText(Utf8("a\u0000b")));
            Assert.False(TextPlausibility.IsCleanText(Utf8("a\u007Fb")));
            Assert.False(TextPlausibility.IsCleanText([0x61, 0xFF, 0x62]));
        }
    }

    public sealed class TheIsPrintableAsciiMethod
    {
        [Fact]
        public void Accepts_space_to_tilde_only()
        {
            Assert.True(TextPlausibility.IsPrintableAscii(Encoding.ASCII.GetBytes(" ~azAZ09!")));
            Assert.True(TextPlausibility.IsPrintableAscii([]));
            Assert.False(TextPlausibility.IsPrintableAscii("a\tb"u8));
            Assert.False(TextPlausibility.IsPrintableAscii([0x7F]));
            Assert.False(TextPlausibility.IsPrintableAscii(Utf8("é")));
        }
    }

    public sealed class TheScoreMethod
    {
        [Fact]
        public void Ranks_text_above_xored_text_above_random_bytes()
        {
            var text = TextPlausibility.Score(Utf8(Sentence));
            var xored = TextPlausibility.Score(Xor(Utf8(Sentence), 0x5B));
            var random = TextPlausibility.Score(RandomBytes(1, 256));

            Assert.True(text > TextPlausibility.MinimumScore, $"text {text}");
            Assert.True(text > xored && xored > random, $"text {text}, xored {xored}, random {random}");
            Assert.True(random < TextPlausibility.MinimumScore, $"random {random}");
        }

        [Fact]
        public void Is_negative_infinity_for_nothing()
        {
            Assert.Equal(double.NegativeInfinity, TextPlausibility.Score([]));
        }
    }
}
