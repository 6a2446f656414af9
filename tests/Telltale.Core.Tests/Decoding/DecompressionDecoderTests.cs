using System.IO.Compression;
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

    public sealed class TheRawDeflateScreen
    {
        private static readonly CompressionLevel[] Levels = [CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize];

        [Fact]
        public void Never_turns_away_bytes_that_inflate_to_something()
        {
            var missed = Candidates(seed: 16).Where(c => InflatesToSomething(c) && !RawDeflateScreen.MayInflate(c)).Select(Convert.ToHexString).ToList();

            Assert.Empty(missed);
        }

        [Fact]
        public void Leaves_every_decoded_layer_as_inflating_everything_would()
        {
            var screened = new DecompressionDecoder();
            var unscreened = new DecompressionDecoder(screensBeforeInflating: false, s => new DeflateStream(s, CompressionMode.Decompress));
            var zlibBodies = Candidates(seed: 17).Where(c => c.Length >= 6).Select(c => (byte[])[0x78, 0x9C, .. c]);

            foreach (var candidate in Candidates(seed: 18).Concat(zlibBodies))
            {
                Assert.Equal(
                    unscreened.Decode(candidate, ScanLimits.Default).Select(l => (l.Label, Convert.ToHexString(l.Output))),
                    screened.Decode(candidate, ScanLimits.Default).Select(l => (l.Label, Convert.ToHexString(l.Output))));
            }
        }

        [Fact]
        public void Turns_away_most_random_bytes()
        {
            var random = new Random(19);
            var inputs = Enumerable.Range(0, 10_000).Select(_ => RandomBytes(random, random.Next(8, 65))).ToList();

            var kept = inputs.Count(i => RawDeflateScreen.MayInflate(i));

            Assert.True(kept < inputs.Count / 5, $"{kept} of {inputs.Count} random inputs reach zlib");
        }

        [Theory]
        [InlineData("block type 3", new byte[] { 0x07, 1, 2, 3, 4, 5, 6, 7 })]
        [InlineData("stored LEN is not ~NLEN", new byte[] { 0x01, 0x05, 0x00, 0x34, 0x12, 1, 2, 3, 4, 5 })]
        [InlineData("dynamic HLIT 287", new byte[] { 0xF5, 0, 0, 0, 0, 0, 0, 0 })]
        [InlineData("dynamic HDIST 32", new byte[] { 0x05, 0x1F, 0, 0, 0, 0, 0, 0 })]
        [InlineData("code-length code over-subscribed (four codes of one bit)", new byte[] { 0x05, 0x00, 0x92, 0x04, 0, 0, 0, 0 })]
        [InlineData("fixed block opening with a back-reference", new byte[] { 0x03, 0x02, 0, 0, 0, 0, 0, 0 })]
        public void Turns_away_what_zlib_calls_a_data_error_without_opening_a_stream(string why, byte[] input)
        {
            var opened = 0;
            var decoder = new DecompressionDecoder(screensBeforeInflating: true, s =>
            {
                opened++;
                return new DeflateStream(s, CompressionMode.Decompress);
            });

            Assert.Empty(decoder.Decode(input, ScanLimits.Default));
            Assert.Equal(0, opened);
            Assert.False(RawDeflateScreen.MayInflate(input), why);
            Assert.Throws<InvalidDataException>(() => InflatesToSomething(input, catchDataErrors: false));
        }

        [Fact]
        public void Opens_a_stream_for_real_deflate()
        {
            var opened = 0;
            var decoder = new DecompressionDecoder(screensBeforeInflating: true, s =>
            {
                opened++;
                return new DeflateStream(s, CompressionMode.Decompress);
            });
            var text = Utf8(Sentence);

            Assert.Equal(text, Assert.Single(decoder.Decode(Deflate(text), ScanLimits.Default)).Output);
            Assert.Equal(1, opened);
        }

        /// <summary>
        /// Random bytes opening with each of the eight (BFINAL, BTYPE) headers, and real deflate of
        /// random text at every level, whole, cut short, bit-flipped and with bytes after the end.
        /// </summary>
        private static IEnumerable<byte[]> Candidates(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < 4000; i++)
            {
                var bytes = RandomBytes(random, random.Next(8, 80));
                bytes[0] = (byte)((bytes[0] & ~7) | (i & 7));
                yield return bytes;
            }

            for (var i = 0; i < 120; i++)
            {
                var text = Utf8(EnglishText(random, random.Next(1, 400)));
                if (i % 3 == 0)
                {
                    text = RandomBytes(random, random.Next(1, 300));
                }

                foreach (var level in Levels)
                {
                    var stream = DeflateAt(level, text);
                    yield return stream;
                    yield return [.. stream, .. RandomBytes(random, random.Next(1, 16))];
                    for (var cut = 1; cut < stream.Length; cut += 1 + (stream.Length / 24))
                    {
                        yield return stream[..cut];
                    }

                    for (var flip = 0; flip < 12; flip++)
                    {
                        var flipped = (byte[])stream.Clone();
                        var bit = random.Next(Math.Min(flipped.Length * 8, flip < 6 ? 48 : int.MaxValue));
                        flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                        yield return flipped;
                    }
                }
            }
        }

        private static byte[] RandomBytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        private static byte[] DeflateAt(CompressionLevel level, byte[] data)
        {
            using var output = new MemoryStream();
            using (var deflate = new DeflateStream(output, level))
            {
                deflate.Write(data);
            }

            return output.ToArray();
        }

        private static bool InflatesToSomething(byte[] input) => InflatesToSomething(input, catchDataErrors: true);

        private static bool InflatesToSomething(byte[] input, bool catchDataErrors)
        {
            try
            {
                // Read to the end: an error after the first bytes still leaves the decoder with nothing.
                using var inflate = new DeflateStream(new MemoryStream(input), CompressionMode.Decompress);
                using var output = new MemoryStream();
                inflate.CopyTo(output);
                return output.Length > 0;
            }
            catch (InvalidDataException) when (catchDataErrors)
            {
                return false;
            }
        }
    }
}
