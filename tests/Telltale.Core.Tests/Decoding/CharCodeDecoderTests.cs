using System.Text;
using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class CharCodeDecoderTests
{
    private static List<DecodedLayer> Decode(string input) => new CharCodeDecoder().Decode(Encoding.ASCII.GetBytes(input), ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData("104,116,116,112")]
        [InlineData("[104,116,116,112]")]
        [InlineData("(104, 116, 116, 112)")]
        [InlineData(" [ 104 ,116, 116 ,112 ] ")]
        [InlineData("0x68,0x74,0X74,0x70")]
        public void Decodes_code_lists_in_any_bracket_spacing_or_base(string input)
        {
            var layer = Assert.Single(Decode(input));

            Assert.Equal("charcodes", layer.Label);
            Assert.Equal("http"u8.ToArray(), layer.Output);
        }

        [Fact]
        public void Keeps_codes_up_to_255_as_single_bytes()
        {
            var xored = Xor(Utf8(DomainList), 0x9C);

            var layer = Assert.Single(Decode(string.Join(",", xored.Select(b => (int)b))));

            Assert.Equal(xored, layer.Output);
        }

        [Fact]
        public void Encodes_codes_above_255_as_utf8()
        {
            var text = "中文字符😀";
            var codes = string.Join(",", text.EnumerateRunes().Select(r => r.Value));

            var layer = Assert.Single(Decode(codes));

            Assert.Equal(Encoding.UTF8.GetBytes(text), layer.Output);
        }

        [Theory]
        [InlineData("104,116,116")] // three codes
        [InlineData("104,116,x,112")]
        [InlineData("104,116,-1,112")]
        [InlineData("104.5,116,116,112")]
        [InlineData("104,116,,112")]
        [InlineData("1,2,3,4,5,6,7,200")] // a table of small integers
        [InlineData("104,116,116,1114112")] // beyond Unicode
        [InlineData("104,116,116,55296")] // a surrogate
        [InlineData("104;116;116;112")]
        public void Rejects_what_is_not_a_list_of_character_codes(string input)
        {
            Assert.Empty(Decode(input));
        }
    }
}
