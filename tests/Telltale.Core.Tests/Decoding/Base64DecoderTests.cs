using System.Text;
using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class Base64DecoderTests
{
    private static List<DecodedLayer> Decode(string input) => new Base64Decoder().Decode(Encoding.ASCII.GetBytes(input), ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData("SGVsbG8gd29ybGQh", "Hello world!")]
        [InlineData("SGVsbG8gd29ybGQ=", "Hello world")]
        [InlineData("SGVsbG8gd29ybGQ", "Hello world")]
        [InlineData("SGVsbG8gd29ybA==", "Hello worl")]
        [InlineData("QXNpYS9TaGFuZ2hhaQ==", "Asia/Shanghai")]
        public void Decodes_standard_base64_with_or_without_padding(string input, string expected)
        {
            var layer = Assert.Single(Decode(input));

            Assert.Equal("base64", layer.Label);
            Assert.Equal(expected, Encoding.UTF8.GetString(layer.Output));
        }

        [Fact]
        public void Decodes_every_byte_value()
        {
            var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

            var layer = Assert.Single(Decode(Base64(bytes)));

            Assert.Equal(bytes, layer.Output);
        }

        [Fact]
        public void Decodes_url_safe_base64_and_labels_it()
        {
            var bytes = new byte[] { 0xFB, 0xFF, 0xBF, 0x10, 0x20, 0x30, 0xFE, 0xEF, 0x00, 0x41 };
            var input = Base64Url(bytes);
            Assert.Contains('-', input);
            Assert.Contains('_', input);

            var layer = Assert.Single(Decode(input));

            Assert.Equal("base64url", layer.Label);
            Assert.Equal(bytes, layer.Output);
        }

        [Theory]
        [InlineData("SGVsbG8gd29")] // 11 characters: shorter than the minimum
        [InlineData("constructorX")] // camelCase word: no digit, sign or padding
        [InlineData("handleRequestError")]
        [InlineData("abcdefgh1234")] // one case only
        [InlineData("ABCDEFGH1234")]
        [InlineData("SGVsbG8gd29ybGQh!")] // a character base64 never has
        [InlineData("SGVsbG8gd29 ybGQh")]
        [InlineData("SGVsb+8gd29_bGQh")] // standard and URL-safe alphabets mixed
        [InlineData("SGVsbG8=d29ybGQh")] // padding in the middle
        [InlineData("SGVsbG8gd29ybA===")] // three padding characters
        [InlineData("SGVsbG8gd29ybGQ==")] // padding on a length that is not a multiple of four
        [InlineData("SGVsbG8gd29ybGQhQ")] // length 4n+1 cannot be base64
        public void Rejects_what_is_not_base64(string input)
        {
            Assert.Empty(Decode(input));
        }
    }
}
