using System.Text;
using Telltale.Decoding;
using Telltale.Scanning;

namespace Telltale.Tests.Decoding;

public sealed class HexDecoderTests
{
    private static List<DecodedLayer> Decode(string input) => new HexDecoder().Decode(Encoding.ASCII.GetBytes(input), ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData("68656c6c6f20776f726c6421", "hello world!")]
        [InlineData("68656C6C6F20776F726C6421", "hello world!")]
        [InlineData("0x6d6f6f6e73686f74", "moonshot")]
        [InlineData("0X6d6f6f6e73686f74", "moonshot")]
        [InlineData("6170692e6d6f6f6e73686f742e6169", "api.moonshot.ai")]
        public void Decodes_hex_with_or_without_prefix(string input, string expected)
        {
            var layer = Assert.Single(Decode(input));

            Assert.Equal("hex", layer.Label);
            Assert.Equal(expected, Encoding.UTF8.GetString(layer.Output));
        }

        [Fact]
        public void Decodes_arbitrary_bytes()
        {
            var bytes = new byte[] { 0x00, 0xFF, 0x10, 0xAB, 0xCD, 0xEF, 0x01, 0x99 };

            Assert.Equal(bytes, Assert.Single(Decode(Convert.ToHexString(bytes))).Output);
        }

        [Theory]
        [InlineData("68656c6c6f2077")] // 14 digits: fewer than 8 bytes
        [InlineData("68656c6c6f20776f7")] // odd length
        [InlineData("1234567890123456")] // only digits: a number
        [InlineData("0x1234567890123456")]
        [InlineData("68656c6c6f20776g")] // not hex
        [InlineData("68656c6c 6f20776f")]
        [InlineData("deadbeefcafebabe-")]
        public void Rejects_what_is_not_hex(string input)
        {
            Assert.Empty(Decode(input));
        }
    }
}
