using System.Net;
using System.Text;
using Telltale.Gateway;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

public sealed class PassThroughTests
{
    [Fact]
    public async Task Server_sent_events_reach_the_client_before_the_upstream_has_finished()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stream");
        using var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);

        // The upstream holds the second event until released: the first can only arrive here if nothing buffered it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("data: one", StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(deadline.Token);
            Assert.NotNull(line);
            seen.AppendLine(line);
        }

        Assert.DoesNotContain("data: two", seen.ToString(), StringComparison.Ordinal);
        harness.Upstream.ReleaseStream();
        var rest = await reader.ReadToEndAsync(deadline.Token);
        Assert.Contains("data: two", rest, StringComparison.Ordinal);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Other_paths_and_methods_pass_through_untouched()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise);
        var sent = RequestBodies.Body(ApiShape.AnthropicMessages, CovertText.Dated);

        using var models = await harness.Client.GetAsync("/v1/models?limit=2");
        using var other = await harness.Client.PostAsync("/v1/messages/count_tokens_not_rewritten?x=1", NormaliseModeTests.Json(sent));

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var received = harness.Upstream.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.Equal(("GET", "/v1/models?limit=2"), (received[0].Method, received[0].PathAndQuery));
        Assert.Equal("/v1/messages/count_tokens_not_rewritten?x=1", received[1].PathAndQuery);
        Assert.Equal(sent, received[1].Body);
    }
}
