using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Telltale.Gateway;

namespace Telltale.Tests;

public sealed class BadInputTests
{
    [Fact]
    public async Task Malformed_json_gets_a_400_in_the_apis_shape_and_the_upstream_receives_nothing()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);

        using var response = await harness.Client.PostAsync("/v1/messages", NormaliseModeTests.Json(Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"Today’s"}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal("refused", Assert.Single(await harness.DecisionsAsync(1)).GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_50_MB_body_gets_a_413_and_the_upstream_receives_nothing()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = NormaliseModeTests.Json(new byte[50 * 1024 * 1024]) };

        // As a client sending a large body would: the gateway refuses on the Content-Length alone, before the body is sent.
        request.Headers.ExpectContinue = true;

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_gets_a_413_and_the_upstream_receives_nothing()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise, o => o with { Limits = o.Limits with { MaxBodyBytes = 1024 * 1024 } });
        using var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_is_cut_there_refused_as_malformed_and_not_forwarded()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var body = """{"model":"gpt-5","messages":[{"role":"user","content":"Today’s date"}]}"""u8.ToArray();

        // HTTP/1.1 framing ends the body where Content-Length says: the gateway sees a cut document, never a whole one.
        var answer = await SendRawAsync(harness, body.Length - 10, body, halfClose: false);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("invalid_request_error", answer, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal("MalformedJson", Assert.Single(await harness.DecisionsAsync(1)).GetProperty("refusal").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_refused_and_not_forwarded()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var body = """{"model":"gpt-5","messages":[{"role":"user","content":"Today’s date"}]}"""u8.ToArray();

        // The client stops sending: the 100 bytes its Content-Length promised never come.
        string answer;
        try
        {
            answer = await SendRawAsync(harness, body.Length + 100, body, halfClose: true);
        }
        catch (IOException)
        {
            // Kestrel may close or reset a connection whose client stopped mid-body before the 400 is out; what matters is below.
            answer = "";
        }

        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer);
        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("refused", decision.GetProperty("action").GetString());
        Assert.Equal("LengthMismatch", decision.GetProperty("refusal").GetProperty("kind").GetString());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task A_client_that_resets_the_connection_mid_body_still_leaves_one_decision_and_nothing_is_forwarded()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(harness.Gateway.BaseAddress.Host, harness.Gateway.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /v1/messages HTTP/1.1\r\nHost: {harness.Gateway.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"));
            await stream.WriteAsync("""{"model":"claude","messages":[{"role":"user","content":"Today’s"""u8.ToArray());
            await stream.FlushAsync();

            // A linger of zero makes the close a reset (RST), not an orderly end of the stream.
            socket.Client.LingerState = new LingerOption(true, 0);
        }

        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("refused", decision.GetProperty("action").GetString());
        Assert.Equal("LengthMismatch", decision.GetProperty("refusal").GetProperty("kind").GetString());
        Assert.Empty(harness.Upstream.Received);
    }

    /// <summary>One request written by hand, so its Content-Length can disagree with its body; the first response read back.</summary>
    private static async Task<string> SendRawAsync(GatewayHarness harness, int contentLength, byte[] body, bool halfClose)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(harness.Gateway.BaseAddress.Host, harness.Gateway.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {harness.Gateway.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        if (halfClose)
        {
            socket.Client.Shutdown(SocketShutdown.Send);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (await reader.ReadLineAsync(deadline.Token) is not { } status)
        {
            // Closed without a response.
            return "";
        }

        var answer = new StringBuilder(status).Append('\n');
        string? line;
        while ((line = await reader.ReadLineAsync(deadline.Token)) is not null && line.Length > 0)
        {
            answer.Append(line).Append('\n');
        }

        // The JSON error body: one line, the last thing on a Connection: close response.
        answer.Append(await reader.ReadLineAsync(deadline.Token));
        return answer.ToString();
    }

    [Fact]
    public async Task An_unknown_content_encoding_gets_a_415_and_the_upstream_receives_nothing()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        using var content = NormaliseModeTests.Json("""{"model":"claude","messages":[]}"""u8.ToArray());
        content.Headers.ContentEncoding.Add("zstd");

        using var response = await harness.Client.PostAsync("/v1/messages", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("zstd", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }
}
