using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Harvesting;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Harvesting;

public sealed class TextTokenHarvesterTests
{
    private const string Path = "package/config.yaml";

    private static List<HarvestedLiteral> Harvest(string text) => new TextTokenHarvester().Harvest(Entry(Path, EntryKind.Text, Utf8(text))).ToList();

    public sealed class TheCanHarvestMethod
    {
        [Theory]
        [InlineData(EntryKind.Text, true)]
        [InlineData(EntryKind.Json, true)]
        [InlineData(EntryKind.JavaScript, false)]
        [InlineData(EntryKind.Binary, false)]
        public void Takes_text_and_json(EntryKind kind, bool expected)
        {
            Assert.Equal(expected, new TextTokenHarvester().CanHarvest(Entry("x", kind, [])));
        }
    }

    public sealed class TheHarvestMethod
    {
        [Fact]
        public void Reads_tokens_of_six_or_more_between_delimiters_with_line_and_column()
        {
            var literals = Harvest("short tokens: [alpha, \"ANTHROPIC_BASE_URL\"]\n\tkey='aGVsbG8gd29ybGQ=';\r\nend(Asia/Shanghai)");

            Assert.Equal(
                [
                    ("tokens:", new SourceLocation(Path, 1, 7, 6, 7)),
                    ("ANTHROPIC_BASE_URL", new SourceLocation(Path, 1, 24, 23, 18)),
                    ("aGVsbG8gd29ybGQ=", new SourceLocation(Path, 2, 7, 50, 16)),
                    ("Asia/Shanghai", new SourceLocation(Path, 3, 5, 74, 13)),
                ],
                literals.Select(l => (l.Value, l.Location)));
            Assert.All(literals, l => Assert.Equal(LiteralKind.AsciiRun, l.Kind));
        }

        [Fact]
        public void Counts_utf8_bytes_but_utf16_columns_after_non_ascii_text()
        {
            var text = "«héllo» it’s 😀 ipinfo.io\nnext line 中文字符串测试";
            var literals = Harvest(text);
            var bytes = Utf8(text);

            Assert.Equal(
                [
                    ("«héllo»", new SourceLocation(Path, 1, 1, 0, 7)),
                    ("ipinfo.io", new SourceLocation(Path, 1, 17, 23, 9)),
                    ("中文字符串测试", new SourceLocation(Path, 2, 11, 43, 7)),
                ],
                literals.Select(l => (l.Value, l.Location)));
            foreach (var literal in literals)
            {
                Assert.Equal(literal.Value, Encoding.UTF8.GetString(bytes, (int)literal.Location.Offset, Encoding.UTF8.GetByteCount(literal.Value)));
            }
        }

        [Fact]
        public void Reads_nothing_from_short_words()
        {
            Assert.Empty(Harvest("a bb ccc dddd eeeee (f) [g] {h} <i> ;j; 'k' `l`"));
            Assert.Empty(Harvest(""));
        }

        [Fact]
        public void Reads_a_token_flush_with_the_end()
        {
            Assert.Equal([new SourceLocation(Path, 1, 3, 2, 8)], Harvest("x deepseek").Select(l => l.Location));
        }
    }

    public sealed class TheHarvestTextMethod
    {
        [Fact]
        public void Starts_part_way_with_the_line_counted_from_the_start()
        {
            var text = "skipped_token\nsecond_line ’ tail_token\nthird_line";
            var start = text.IndexOf('’', StringComparison.Ordinal);
            var startByte = Encoding.UTF8.GetByteCount(text.AsSpan(0, start));

            var literals = new TextTokenHarvester().HarvestText(Path, text, start, startByte).ToList();

            Assert.Equal(
                [
                    ("tail_token", new SourceLocation(Path, 2, 15, 30, 10)),
                    ("third_line", new SourceLocation(Path, 3, 1, 41, 10)),
                ],
                literals.Select(l => (l.Value, l.Location)));
        }
    }
}
