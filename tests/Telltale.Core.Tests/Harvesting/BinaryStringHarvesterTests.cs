using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Harvesting;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Harvesting;

public sealed class BinaryStringHarvesterTests
{
    private const string Path = "package/bin/tool.node";

    private static List<HarvestedLiteral> Harvest(byte[] data) => new BinaryStringHarvester().Harvest(Entry(Path, EntryKind.Binary, data)).ToList();

    private static SourceLocation At(long offset, int length) => new(Path, 0, 0, offset, length);

    /// <summary>Bytes 0x00..0x1F and 0x80..0xFF only (no tab), so nothing in the filler is printable.</summary>
    private static byte[] Filler(Random random, int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var b = random.Next(0x1F + 0x80);
            data[i] = b < 0x1F ? (byte)(b == '\t' ? 0 : b) : (byte)(b - 0x1F + 0x80);
        }

        return data;
    }

    private static void Plant(byte[] data, int offset, byte[] bytes) => bytes.CopyTo(data, offset);

    public sealed class TheCanHarvestMethod
    {
        [Theory]
        [InlineData(EntryKind.Binary, true)]
        [InlineData(EntryKind.JavaScript, false)]
        [InlineData(EntryKind.Text, false)]
        [InlineData(EntryKind.Json, false)]
        public void Takes_only_binaries(EntryKind kind, bool expected)
        {
            Assert.Equal(expected, new BinaryStringHarvester().CanHarvest(Entry("x", kind, [])));
        }
    }

    public sealed class TheHarvestMethod
    {
        [Fact]
        public void Finds_ascii_runs_of_six_or_more_at_exact_offsets()
        {
            var data = Filler(new Random(1), 200);
            Plant(data, 0, Utf8("ELF_hd"));
            Plant(data, 40, Utf8("short"));
            Plant(data, 77, Utf8("api.moonshot.ai\tkey"));
            Plant(data, 194, Utf8("at_end"));

            var literals = Harvest(data);

            Assert.Equal(
                [
                    ("ELF_hd", LiteralKind.AsciiRun, At(0, 6)),
                    ("api.moonshot.ai\tkey", LiteralKind.AsciiRun, At(77, 19)),
                    ("at_end", LiteralKind.AsciiRun, At(194, 6)),
                ],
                literals.Select(l => (l.Value, l.Kind, l.Location)));
        }

        [Fact]
        public void Ignores_runs_of_five_and_bytes_above_ascii()
        {
            var data = new byte[] { 0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', 0x7F, (byte)'f', (byte)'g', 0xC3, 0xA9, (byte)'h' };

            Assert.Empty(Harvest(data));
        }

        [Fact]
        public void Finds_utf16le_runs_at_even_and_odd_offsets()
        {
            var data = Filler(new Random(2), 300);
            Plant(data, 20, Encoding.Unicode.GetBytes("Asia/Shanghai"));
            Plant(data, 101, Encoding.Unicode.GetBytes("ANTHROPIC_BASE_URL"));
            Plant(data, 180, Encoding.Unicode.GetBytes("tiny5"));

            var literals = Harvest(data);

            Assert.Equal(
                [
                    ("Asia/Shanghai", LiteralKind.Utf16Run, At(20, 26)),
                    ("ANTHROPIC_BASE_URL", LiteralKind.Utf16Run, At(101, 36)),
                ],
                literals.Select(l => (l.Value, l.Kind, l.Location)));
        }

        [Fact]
        public void Finds_a_utf16le_run_that_starts_at_zero_and_one_that_ends_on_an_odd_byte()
        {
            var data = new byte[1 + 24 + 1];
            Plant(data, 1, Encoding.Unicode.GetBytes("moonshot.ai!"));
            data[0] = 0x90;
            data[^1] = 0x90;

            Assert.Equal([("moonshot.ai!", At(1, 24))], Harvest(data).Select(l => (l.Value, l.Location)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void Finds_a_utf16le_run_that_ends_at_the_end_of_the_data(int start)
        {
            var text = Encoding.Unicode.GetBytes("deepseek");
            var data = new byte[start + text.Length];
            Plant(data, start, text);
            if (start > 0)
            {
                data[0] = 0x90;
            }

            Assert.Equal([("deepseek", LiteralKind.Utf16Run, At(start, 16))], Harvest(data).Select(l => (l.Value, l.Kind, l.Location)));
        }

        [Fact]
        public void Finds_ascii_and_utf16le_side_by_side()
        {
            var data = Filler(new Random(3), 120);
            Plant(data, 10, Utf8("HTTPS_PROXY"));
            Plant(data, 50, Encoding.Unicode.GetBytes("ipinfo.io"));
            data[68] = 0x90;

            var literals = Harvest(data);

            Assert.Equal(
                [("HTTPS_PROXY", LiteralKind.AsciiRun, At(10, 11)), ("ipinfo.io", LiteralKind.Utf16Run, At(50, 18))],
                literals.Select(l => (l.Value, l.Kind, l.Location)));
        }

        [Fact]
        public void Finds_nothing_in_empty_or_noisy_data()
        {
            Assert.Empty(Harvest([]));
            Assert.Empty(Harvest(Filler(new Random(4), 4096)));
        }
    }
}
