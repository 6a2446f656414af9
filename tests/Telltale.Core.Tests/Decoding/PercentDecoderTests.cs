using System.Text;
using Telltale.Decoding;
using Telltale.Scanning;

namespace Telltale.Tests.Decoding;

public sealed class PercentDecoderTests
{
    private static List<DecodedLayer> Decode(string input) => new PercentDecoder().Decode(Encoding.ASCII.GetBytes(input), ScanLimits.Default).ToList();

    public sealed class TheDecodeMethod
    {
        [Fact]
        public void Decodes_fully_escaped_text()
        {
            var encoded = string.Concat("api.example.com".Select(c => $"%{(int)c:X2}"));

            var layer = Assert.Single(Decode(encoded));

            Assert.Equal("percent", layer.Label);
            Assert.Equal("api.example.com"u8.ToArray(), layer.Output);
        }

        [Fact]
        public void Decodes_partly_escaped_text_and_utf8_sequences()
        {
            var layer = Assert.Single(Decode("%E4%B8%AD%e6%96%87 ok"));

            Assert.Equal(Encoding.UTF8.GetBytes("中文 ok"), layer.Output);
        }

        [Fact]
        public void Leaves_a_broken_escape_as_written()
        {
            var layer = Assert.Single(Decode("%41%42%43%4"));

            Assert.Equal("ABC%4"u8.ToArray(), layer.Output);
        }

        [Theory]
        [InlineData("%41%42")] // two escapes
        [InlineData("https://example.com/search?q=hello%20world%20and%20more")] // a URL with a few escaped spaces
        [InlineData("100%% sure, 50%ZZ off, %G1")]
        [InlineData("no escapes at all in this one")]
        public void Rejects_text_with_few_escapes(string input)
        {
            Assert.Empty(Decode(input));
        }
    }
}
