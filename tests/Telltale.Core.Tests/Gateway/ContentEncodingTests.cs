using System.IO.Compression;
using System.Text;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

public sealed class ContentEncodingTests
{
    private static byte[] Compress(byte[] body, string coding)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            encoder.Write(body);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(ReadOnlyMemory<byte> body, string contentEncoding)
    {
        var decoded = ContentEncodingCodec.Decode(body, contentEncoding, long.MaxValue);
        Assert.Null(decoded.Refusal);
        return decoded.Body.ToArray();
    }

    public sealed class RoundTrips
    {
        [Theory]
        [InlineData("gzip")]
        [InlineData("deflate")]
        [InlineData("br")]
        [InlineData("GZIP")]
        [InlineData("identity")]
        [InlineData("gzip, br")]
        [InlineData("br,gzip")]
        public void A_rewritten_body_goes_back_in_the_encoding_it_came_in(string contentEncoding)
        {
            var plain = RequestBodies.Body(ApiShape.AnthropicMessages, "Today\u2019s date is 2026-04-03.");
            var expected = RequestBodies.Body(ApiShape.AnthropicMessages, "Today's date is 2026-04-03.");
            var sent = ContentEncodingCodec.Parse(contentEncoding).Aggregate(plain, Compress);

            var result = LlmRequestRewriter.Rewrite("/v1/messages", sent, contentEncoding);

            Assert.Equal(RewriteOutcome.Rewritten, result.Outcome);
            Assert.Equal(expected, Decompress(result.Body, contentEncoding));
            Assert.Equal(6, result.Changes.Count);
        }

        [Theory]
        [InlineData("gzip")]
        [InlineData("br")]
        public void An_unchanged_compressed_body_is_returned_exactly_as_sent(string contentEncoding)
        {
            var sent = Compress(RequestBodies.Body(ApiShape.OpenAiResponses, "\u4F60\u597D\uFF0C\u4E16\u754C"), contentEncoding);

            var result = LlmRequestRewriter.Rewrite("/v1/responses", sent, contentEncoding);

            Assert.Equal(RewriteOutcome.Unchanged, result.Outcome);
            Assert.Equal(sent, result.Body.ToArray());
        }
    }

    public sealed class Refusals
    {
        [Theory]
        [InlineData("zstd")]
        [InlineData("compress")]
        [InlineData("gzip, snappy")]
        [InlineData("x\u202E\u0007evil")]
        public void An_unknown_encoding_is_refused_with_415(string contentEncoding)
        {
            var result = LlmRequestRewriter.Rewrite("/v1/messages", "{}"u8.ToArray(), contentEncoding);

            Assert.Equal(RefusalKind.UnsupportedEncoding, result.Refusal?.Kind);
            Assert.Equal(415, result.Refusal!.StatusCode);
            Assert.DoesNotContain(result.Refusal.Reason, char.IsControl);
            Assert.DoesNotContain('\u202E', result.Refusal.Reason);
        }

        [Fact]
        public void A_zip_bomb_is_refused_once_it_inflates_past_the_limit()
        {
            // 64 MiB of zeros gzip to about 64 KiB; the limit stops the inflation at 32 MiB.
            var bomb = Compress(new byte[64 * 1024 * 1024], "gzip");

            var result = LlmRequestRewriter.Rewrite("/v1/messages", bomb, "gzip");

            Assert.True(bomb.Length < 1024 * 1024);
            Assert.Equal(RefusalKind.TooLarge, result.Refusal?.Kind);
            Assert.Equal(413, result.Refusal!.StatusCode);
        }

        [Theory]
        [InlineData("gzip")]
        [InlineData("br")]
        [InlineData("deflate")]
        public void A_body_that_is_not_in_its_claimed_encoding_is_refused(string contentEncoding)
        {
            var result = LlmRequestRewriter.Rewrite("/v1/messages", "{\"messages\":[]} not compressed at all"u8.ToArray(), contentEncoding);

            Assert.Equal(RewriteOutcome.Refused, result.Outcome);
            Assert.Equal(400, result.Refusal!.StatusCode);
        }

        [Theory]
        [InlineData("gzip")]
        [InlineData("deflate")]
        [InlineData("br")]
        public void A_truncated_body_is_refused_not_rewritten_from_the_part_that_arrived(string contentEncoding)
        {
            var whole = Compress(RequestBodies.Body(ApiShape.AnthropicMessages, "Today\u2019s"), contentEncoding);

            var result = LlmRequestRewriter.Rewrite("/v1/messages", whole.AsMemory(0, whole.Length - 6), contentEncoding);

            Assert.Equal(RefusalKind.CorruptEncoding, result.Refusal?.Kind);
            Assert.True(result.Body.IsEmpty);
        }
    }

    public sealed class BodyReading
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"messages\":[]}");

        [Fact]
        public async Task A_body_matching_its_content_length_is_read_whole()
        {
            var result = await LimitedBodyReader.ReadAsync(new MemoryStream(Body), Body.Length, 1024, CancellationToken.None);

            Assert.Null(result.Refusal);
            Assert.Equal(Body, result.Body.ToArray());
        }

        [Fact]
        public async Task A_body_shorter_than_its_content_length_is_refused()
        {
            var result = await LimitedBodyReader.ReadAsync(new MemoryStream(Body), Body.Length + 10, 1024, CancellationToken.None);

            Assert.Equal(RefusalKind.LengthMismatch, result.Refusal?.Kind);
            Assert.Equal(400, result.Refusal!.StatusCode);
        }

        [Fact]
        public async Task A_body_longer_than_its_content_length_is_refused()
        {
            var result = await LimitedBodyReader.ReadAsync(new MemoryStream(Body), 4, 1024, CancellationToken.None);

            Assert.Equal(RefusalKind.LengthMismatch, result.Refusal?.Kind);
        }

        [Fact]
        public async Task A_declared_length_over_the_limit_is_refused_before_reading()
        {
            var stream = new MemoryStream(Body);

            var result = await LimitedBodyReader.ReadAsync(stream, 50L * 1024 * 1024, 32L * 1024 * 1024, CancellationToken.None);

            Assert.Equal(413, result.Refusal?.StatusCode);
            Assert.Equal(0, stream.Position);
        }

        [Fact]
        public async Task A_chunked_body_over_the_limit_is_refused_after_one_byte_past_it()
        {
            var stream = new MemoryStream(new byte[50 * 1024]);

            var result = await LimitedBodyReader.ReadAsync(stream, null, 10 * 1024, CancellationToken.None);

            Assert.Equal(RefusalKind.TooLarge, result.Refusal?.Kind);
            Assert.Equal(10 * 1024 + 1, stream.Position);
        }
    }
}
