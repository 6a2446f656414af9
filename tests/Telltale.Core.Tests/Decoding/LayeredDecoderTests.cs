using Telltale.Decoding;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class LayeredDecoderTests
{
    private static DecodeResult? Decode(string literal) => LayeredDecoder.CreateDefault(ScanLimits.Default).Decode(literal).Text;

    public sealed class TheDecodeMethod
    {
        [Theory]
        [InlineData(0x5B)]
        [InlineData(0x01)]
        [InlineData(0x7F)]
        [InlineData(0xA5)]
        [InlineData(0xFF)]
        public void Recovers_base64_of_single_byte_xor_for_any_key(int key)
        {
            var result = Decode(Base64(Xor(Utf8(DomainList), (byte)key)));

            Assert.NotNull(result);
            Assert.Equal(DomainList, result.Value);
            Assert.Equal(["base64", $"xor 0x{key:X2}"], result.Chain);
            Assert.True(result.IsObfuscated);
        }

        [Fact]
        public void Recovers_hex_of_single_byte_xor()
        {
            var result = Decode(Hex(Xor(Utf8(LabList), 0x33)));

            Assert.NotNull(result);
            Assert.Equal(LabList, result.Value);
            Assert.Equal(["hex", "xor 0x33"], result.Chain);
        }

        [Fact]
        public void Recovers_base64url_without_padding()
        {
            var result = Decode(Base64Url(Utf8(Sentence + "??>>")));

            Assert.NotNull(result);
            Assert.Equal(Sentence + "??>>", result.Value);
            Assert.Equal(["base64url"], result.Chain);
        }

        [Fact]
        public void Recovers_gzip_inside_base64()
        {
            var result = Decode(Base64(Gzip(Utf8(Sentence + " " + DomainList))));

            Assert.NotNull(result);
            Assert.Equal(Sentence + " " + DomainList, result.Value);
            Assert.Equal(["base64", "gzip"], result.Chain);
        }

        [Fact]
        public void Chains_three_layers_base64_gzip_xor()
        {
            var result = Decode(Base64(Gzip(Xor(Utf8(DomainList), 0x42))));

            Assert.NotNull(result);
            Assert.Equal(DomainList, result.Value);
            Assert.Equal(["base64", "gzip", "xor 0x42"], result.Chain);
        }

        [Fact]
        public void Recovers_raw_deflate_inside_base64()
        {
            var result = Decode(Base64(Deflate(Utf8(Sentence))));

            Assert.NotNull(result);
            Assert.Equal(Sentence, result.Value);
            Assert.Equal(["base64", "deflate"], result.Chain);
        }

        [Fact]
        public void Prefers_the_deeper_text_of_double_base64()
        {
            var result = Decode(Base64(Utf8(Base64(Utf8(Sentence)))));

            Assert.NotNull(result);
            Assert.Equal(Sentence, result.Value);
            Assert.Equal(["base64", "base64"], result.Chain);
        }

        [Fact]
        public void Recovers_repeating_key_xor_of_a_long_blob()
        {
            var text = string.Join(" ", Enumerable.Repeat(Sentence, 4));
            var result = Decode(Base64(Xor(Utf8(text), Utf8("k3y!"))));

            Assert.NotNull(result);
            Assert.Equal(text, result.Value);
            Assert.Equal(["base64", "xor key \"k3y!\""], result.Chain);
        }

        [Fact]
        public void Decodes_a_binary_string_literal_xored_in_place()
        {
            var result = Decode(Latin1(Xor(Utf8(LabList), 0x17)));

            Assert.NotNull(result);
            Assert.Equal(LabList, result.Value);
            Assert.Equal(["xor 0x17"], result.Chain);
        }

        [Fact]
        public void Decodes_hex_and_unicode_escapes_written_as_text()
        {
            var escaped = string.Concat("moonshot.ai".Select(c => $"\\x{(int)c:x2}"));
            var result = Decode(escaped);

            Assert.NotNull(result);
            Assert.Equal("moonshot.ai", result.Value);
            Assert.Equal(["escapes"], result.Chain);

            var unicode = string.Concat("Asia/Shanghai".Select(c => $"\\u{(int)c:x4}"));
            Assert.Equal("Asia/Shanghai", Decode(unicode)?.Value);
        }

        [Fact]
        public void Decodes_percent_encoding()
        {
            var encoded = string.Concat("api.example.com".Select(c => $"%{(int)c:X2}"));
            var result = Decode(encoded);

            Assert.NotNull(result);
            Assert.Equal("api.example.com", result.Value);
            Assert.Equal(["percent"], result.Chain);
        }

        [Fact]
        public void Decodes_character_code_arrays_and_xored_ones()
        {
            var codes = string.Join(",", "ANTHROPIC_BASE_URL".Select(c => (int)c));
            Assert.Equal("ANTHROPIC_BASE_URL", Decode(codes)?.Value);

            var xored = string.Join(",", Xor(Utf8(DomainList), 0x2C).Select(b => (int)b));
            var result = Decode($"[{xored}]");
            Assert.NotNull(result);
            Assert.Equal(DomainList, result.Value);
            Assert.Equal(["charcodes", "xor 0x2C"], result.Chain);
        }

        [Theory]
        [InlineData("constructor")]
        [InlineData("handleRequestError")]
        [InlineData("0123456789012345")]
        [InlineData("Hello world, this is a perfectly ordinary sentence.")]
        [InlineData("https://api.example.com/v1/messages")]
        public void Leaves_ordinary_strings_alone(string literal)
        {
            Assert.Null(Decode(literal));
        }

        [Fact]
        public void Does_not_invent_text_from_random_bytes()
        {
            var random = new Random(1234);
            var invented = 0;
            for (var i = 0; i < 300; i++)
            {
                var bytes = new byte[random.Next(16, 200)];
                random.NextBytes(bytes);
                if (Decode(Base64(bytes)) is not null)
                {
                    invented++;
                }
            }

            Assert.True(invented <= 3, $"{invented} of 300 random blobs decoded to 'text'");
        }

        [Fact]
        public void Keeps_binary_residue_for_the_sweep_when_nothing_reads_as_text()
        {
            var random = new Random(7);
            var bytes = new byte[64];
            random.NextBytes(bytes);
            var outcome = LayeredDecoder.CreateDefault(ScanLimits.Default).Decode(Base64(bytes));

            Assert.Null(outcome.Text);
            var residue = Assert.Single(outcome.BinaryResidue);
            Assert.Equal("base64", residue.Label);
            Assert.Equal(bytes, residue.Output);
        }
    }
}
