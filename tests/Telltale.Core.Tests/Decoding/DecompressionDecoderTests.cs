using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class DecompressionDecoderTests
{
    private static List<DecodedLayer> Decode(byte[] input, ScanLimits? limits = null) => new DecompressionDecoder().Decode(input, limits ?? ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Fact]
        public void Inflates_gzip_zlib_and_raw_deflate_with_their_labels()
        {
            var text = Utf8(Sentence + " " + DomainList);

            Assert.Equal([("gzip", text)], Decode(Gzip(text)).Select(l => (l.Label, l.Output)));
            Assert.Equal([("zlib", text)], Decode(Zlib(text)).Select(l => (l.Label, l.Output)));
            Assert.Equal([("deflate", text)], Decode(Deflate(text)).Select(l => (l.Label, l.Output)));
        }

        [Fact]
        public void Inflates_exactly_up_to_the_limit_and_refuses_one_byte_more()
        {
            var limits = new ScanLimits { MaxDecompressedBytes = 100_000 };
            var atLimit = new byte[100_000];
            new Random(1).NextBytes(atLimit.AsSpan(0, 1000));

            Assert.Equal(atLimit, Assert.Single(Decode(Gzip(atLimit), limits)).Output);
            Assert.Empty(Decode(Gzip(new byte[100_001]), limits));
            Assert.Empty(Decode(Zlib(new byte[100_001]), limits));
            Assert.Empty(Decode(Deflate(new byte[100_001]), limits));
        }

        [Fact]
        public void Stops_a_gzip_bomb_at_the_default_limit()
        {
            var bomb = Gzip(new byte[ScanLimits.Default.MaxDecompressedBytes * 4]);
            Assert.True(bomb.Length < 64 * 1024, $"bomb is {bomb.Length} bytes");

            Assert.Empty(Decode(bomb));
        }

        [Fact]
        public void Finds_nothing_in_a_gzip_bomb_inside_a_literal()
        {
            var literal = Base64(Gzip(new byte[ScanLimits.Default.MaxDecompressedBytes + 1]));

            var outcome = LayeredDecoder.CreateDefault(ScanLimits.Default).Decode(literal);

            Assert.Null(outcome.Text);
            Assert.DoesNotContain(outcome.BinaryResidue, l => l.Label != "base64");
        }

        [Theory]
        [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0 })] // shorter than any real stream
        [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 1, 2, 3, 4, 5, 6 })] // gzip header, broken body
        [InlineData(new byte[] { 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // zlib header, broken body
        public void Rejects_short_or_broken_streams(byte[] input)
        {
            Assert.Empty(Decode(input));
        }

        [Fact]
        public void Keeps_raw_deflate_only_when_it_gives_eight_bytes_or_more()
        {
            Assert.Empty(Decode(Deflate(Utf8("seven!!"))));
            Assert.Equal("eight!!!"u8.ToArray(), Assert.Single(Decode(Deflate(Utf8("eight!!!")))).Output);
        }
    }
}
