using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class RepeatingKeyXorDecoderTests
{
    private static List<DecodedLayer> Decode(byte[] input) => new RepeatingKeyXorDecoder().Decode(input, ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData("k3y!")]
        [InlineData("OtD6kq9ZmW2x")]
        [InlineData("P@ssw0rd-16-key!")]
        public void Recovers_text_under_a_printable_key(string key)
        {
            var text = Utf8(EnglishText(new Random(key.Length), 600));

            var layer = Assert.Single(Decode(Xor(text, Utf8(key))));

            Assert.Equal($"xor key \"{key}\"", layer.Label);
            Assert.Equal(text, layer.Output);
        }

        [Fact]
        public void Labels_an_unprintable_key_in_hex()
        {
            var text = Utf8(EnglishText(new Random(41), 600));
            byte[] key = [0x9A, 0x03, 0xE1, 0x7F, 0x42];

            var layer = Assert.Single(Decode(Xor(text, key)));

            Assert.Equal("xor key 0x9A03E17F42", layer.Label);
            Assert.Equal(text, layer.Output);
        }

        [Fact]
        public void Leaves_single_byte_xor_to_the_single_byte_decoder()
        {
            Assert.Empty(Decode(Xor(Utf8(EnglishText(new Random(42), 600)), 0x5B)));
        }

        [Fact]
        public void Rejects_fewer_than_24_bytes()
        {
            Assert.Empty(Decode(Xor(Utf8(EnglishText(new Random(43), 23)), Utf8("ab"))));
        }

        [Fact]
        public void Rejects_plain_text_and_random_bytes()
        {
            Assert.Empty(Decode(Utf8(EnglishText(new Random(44), 600))));

            var random = new Random(45);
            var accepted = 0;
            for (var i = 0; i < 100; i++)
            {
                var bytes = new byte[random.Next(24, 600)];
                random.NextBytes(bytes);
                accepted += Decode(bytes).Count;
            }

            Assert.Equal(0, accepted);
        }
    }
}
