using System.Text;
using Telltale.Decoding;
using Telltale.Scanning;

namespace Telltale.Tests.Decoding;

public sealed class EscapeDecoderTests
{
    private static List<DecodedLayer> Decode(string input) => new EscapeDecoder().Decode(Encoding.ASCII.GetBytes(input), ScanLimits.Default).ToList();

    private static string HexEscapes(string text) => string.Concat(text.Select(c => $"\\x{(int)c:x2}"));

    public sealed class TheDecodeMethod
    {
        [Fact]
        public void Decodes_hex_escapes_to_bytes()
        {
            var layer = Assert.Single(Decode(HexEscapes("moonshot.ai")));

            Assert.Equal("escapes", layer.Label);
            Assert.Equal("moonshot.ai"u8.ToArray(), layer.Output);
        }

        [Fact]
        public void Keeps_escaped_bytes_above_ascii_as_single_bytes()
        {
            var layer = Assert.Single(Decode("\\x00\\x80\\xff\\x41\\x7f"));

            Assert.Equal(new byte[] { 0x00, 0x80, 0xFF, 0x41, 0x7F }, layer.Output);
        }

        [Fact]
        public void Decodes_unicode_escapes_of_both_forms_to_utf8()
        {
            var layer = Assert.Single(Decode("\\u4e2d\\u6587\\u{1F600}\\u0041"));

            Assert.Equal(Encoding.UTF8.GetBytes("中文😀A"), layer.Output);
        }

        [Fact]
        public void Keeps_plain_characters_between_escapes()
        {
            var layer = Assert.Single(Decode("\\x41sia/\\x53\\x68\\x61nghai"));

            Assert.Equal("Asia/Shanghai"u8.ToArray(), layer.Output);
        }

        [Theory]
        [InlineData("\\x41\\x42\\x43")] // three escapes only
        [InlineData("\\x41\\x42\\x43\\x44 and then a lot of plain text")] // escapes are not most of it
        [InlineData("C:\\Users\\name\\dir\\file.txt")] // back slashes but no escapes
        [InlineData("\\xZZ\\xZZ\\xZZ\\xZZ\\xZZ")]
        [InlineData("\\uD800\\uD800\\uD800\\uD800")] // lone surrogates are not characters
        [InlineData("no back slash anywhere here")]
        public void Rejects_what_is_not_mostly_escapes(string input)
        {
            Assert.Empty(Decode(input));
        }
    }
}
