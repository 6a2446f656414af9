using Telltale.Artifacts;
using Telltale.Scanning;
using ZstdSharp;

namespace Telltale.Tests.Artifacts;

public sealed class ZstdUnpackerTests
{
    private static byte[] Compress(byte[] data)
    {
        using var compressor = new Compressor(19);
        return compressor.Wrap(data).ToArray();
    }

    public sealed class TheCanUnpackMethod
    {
        [Fact]
        public void Recognises_the_frame_magic_whatever_the_name() =>
            Assert.True(new ZstdUnpacker().CanUnpack("asset", Compress(Fixtures.Utf8("hello"))));

        [Fact]
        public void Does_not_trust_the_name_alone() =>
            Assert.False(new ZstdUnpacker().CanUnpack("x.zst", Fixtures.Utf8("hello")));
    }

    public sealed class TheUnpackMethod
    {
        [Fact]
        public void Yields_the_inflated_file_without_its_zst_suffix()
        {
            var script = Fixtures.Utf8("module.exports = process.env.HOME;\n");
            var context = Fixtures.Context();

            var entry = Assert.Single(new ZstdUnpacker().Unpack(Fixtures.Container("app!/$bunfs/root/worker.js.zst", Compress(script)), context));

            Assert.Equal("app!/$bunfs/root/worker.js.zst!/worker.js", entry.Path);
            Assert.Equal(EntryKind.JavaScript, entry.Kind);
            Assert.Equal(script, entry.Content.ToArray());
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Stops_a_bomb_at_the_ratio_limit()
        {
            var bomb = Compress(new byte[64 * 1024 * 1024]);
            var limits = new ScanLimits { RatioFloorBytes = 1024 * 1024, MaxCompressionRatio = 100 };
            var context = Fixtures.Context(limits);

            var entries = new ZstdUnpacker().Unpack(Fixtures.Container("bomb.zst", bomb), context).ToList();

            Assert.Empty(entries);
            Assert.Equal(RefusalKind.CompressionRatio, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Is_refused_as_corrupt_by_the_expander_when_the_frame_is_cut_short()
        {
            using var temp = new TempDirectory();
            var random = new Random(3);
            var text = string.Concat(Enumerable.Range(0, 20000).Select(_ => (char)('a' + random.Next(26))));
            var data = Compress(Fixtures.Utf8(text));
            File.WriteAllBytes(Path.Combine(temp.Path, "x.txt.zst"), data[..(data.Length / 2)]);
            var context = Fixtures.Context();

            var entries = ArtifactExpander.Default.Expand(temp.Path, context).ToList();

            Assert.Contains(context.Refusals, r => r.Kind == RefusalKind.Corrupt && r.Path == "x.txt.zst");
            Assert.DoesNotContain(entries, e => e.Name == "x.txt");
        }
    }
}
