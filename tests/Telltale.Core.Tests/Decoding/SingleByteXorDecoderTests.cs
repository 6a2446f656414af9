using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class SingleByteXorDecoderTests
{
    private static List<DecodedLayer> Decode(byte[] input) => new SingleByteXorDecoder().Decode(input, ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData(0x5B)]
        [InlineData(0x01)]
        [InlineData(0x20)]
        [InlineData(0x80)]
        [InlineData(0xFF)]
        public void Recovers_hidden_text_under_any_key(int key)
        {
            var layer = Assert.Single(Decode(Xor(Utf8(DomainList), (byte)key)));

            Assert.Equal($"xor 0x{key:X2}", layer.Label);
            Assert.Equal(Utf8(DomainList), layer.Output);
        }

        [Fact]
        public void Recovers_sixteen_bytes()
        {
            var text = Utf8("api.deepseek.com");

            var layer = Assert.Single(Decode(Xor(text, 0x77)));

            Assert.Equal(text, layer.Output);
        }

        [Fact]
        public void Rejects_fifteen_bytes()
        {
            Assert.Empty(Decode(Xor(Utf8("api.moonshot.cn"), 0x77)));
        }

        [Fact]
        public void Rejects_text_that_is_not_xored()
        {
            Assert.Empty(Decode(Utf8(Sentence)));
        }

        [Theory]
        [InlineData("tetetetetetetetetetetetetetetete")]
        [InlineData("dddddeeeeedddddeeeeedddddeeeeeddddd")]
        public void Rejects_tables_that_some_key_turns_into_letters(string table)
        {
            Assert.Empty(Decode(Xor(Utf8(table), 0x42)));
        }

        [Fact]
        public void Rejects_a_digit_table_that_a_key_turns_into_letters()
        {
            Assert.Empty(Decode(Xor(Utf8("0123456789012345678901234567890123"), 0x42)));
        }

        [Fact]
        public void Rejects_random_bytes()
        {
            var random = new Random(31);
            var accepted = 0;
            for (var i = 0; i < 200; i++)
            {
                var bytes = new byte[random.Next(16, 300)];
                random.NextBytes(bytes);
                accepted += Decode(bytes).Count;
            }

            Assert.Equal(0, accepted);
        }
    }
}
