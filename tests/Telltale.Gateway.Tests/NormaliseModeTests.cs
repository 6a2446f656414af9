using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Telltale.Gateway;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

public sealed class NormaliseModeTests
{
    public static TheoryData<ApiShape> Shapes() => new(RequestBodies.Shapes);

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Covert_apostrophes_reach_the_gateway_and_none_reaches_the_upstream(ApiShape shape)
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var sent = RequestBodies.Body(shape, CovertText.Dated);
        Assert.True(CovertText.HoldsAny(sent));

        using var response = await harness.Client.PostAsync(RequestBodies.PathOf(shape), Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(harness.Upstream.Received);
        Assert.False(CovertText.HoldsAny(received.Body));
        Assert.Contains("Today's date is 2026-12-07.", Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);

        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("normalised", decision.GetProperty("action").GetString());
        var befores = decision.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("before").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "U+2019", "U+02BC", "U+02B9" }, befores);
    }

    [Fact]
    public async Task A_gzip_body_is_decoded_normalised_encoded_again_and_sent_with_its_new_length()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var sent = Gzip(RequestBodies.Body(ApiShape.AnthropicMessages, CovertText.Dated));
        using var content = Json(sent);
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await harness.Client.PostAsync(RequestBodies.PathOf(ApiShape.AnthropicMessages), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(harness.Upstream.Received);
        Assert.Equal("gzip", received.Headers["Content-Encoding"]);
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        var inflated = Gunzip(received.Body);
        Assert.False(CovertText.HoldsAny(inflated));
        Assert.Contains("Today's date is", Encoding.UTF8.GetString(inflated), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_is_forwarded_with_a_content_length()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var sent = RequestBodies.Body(ApiShape.OpenAiChatCompletions, CovertText.Dated);
        using var content = new StreamContent(new MemoryStream(sent));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, RequestBodies.PathOf(ApiShape.OpenAiChatCompletions)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(harness.Upstream.Received);
        Assert.False(CovertText.HoldsAny(received.Body));
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        Assert.False(received.Headers.ContainsKey("Transfer-Encoding"));
    }

    public static TheoryData<string, ApiShape> LegitimateCorpus()
    {
        var data = new TheoryData<string, ApiShape>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Gateway", "Corpus", "legit"), "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var shape in RequestBodies.Shapes)
            {
                data.Add(Path.GetFileName(file), shape);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LegitimateCorpus))]
    public async Task Legitimate_text_reaches_the_upstream_byte_identical(string corpusFile, ApiShape shape)
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gateway", "Corpus", "legit", corpusFile), Encoding.UTF8);
        var sent = RequestBodies.Body(shape, text);

        using var response = await harness.Client.PostAsync(RequestBodies.PathOf(shape), Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, Assert.Single(harness.Upstream.Received).Body);
        Assert.Equal("forwarded", Assert.Single(await harness.DecisionsAsync(1)).GetProperty("action").GetString());
    }

    internal static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
