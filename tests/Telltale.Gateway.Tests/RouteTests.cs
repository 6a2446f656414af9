using System.Net;
using System.Text;
using Telltale.Gateway;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

/// <summary>Routes: per-prefix upstreams, modes and normalising options, the longest prefix first, the prefix taken off.</summary>
public sealed class RouteTests
{
    private static Task<GatewayHarness> StartAsync(Func<Uri, IReadOnlyList<GatewayRoute>> routes) =>
        GatewayHarness.StartAsync(GatewayMode.Normalise, o => o with { Routes = routes(o.Upstream!), Upstream = null });

    private static HttpRequestMessage Post(string path, string text, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, text)) };
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return request;
    }

    [Fact]
    public async Task Each_prefix_has_its_own_options_and_the_upstream_sees_the_path_without_it()
    {
        await using var harness = await StartAsync(upstream =>
        [
            new GatewayRoute { Name = "everything", PathPrefix = "/", Upstream = upstream },
            new GatewayRoute { Name = "translation", PathPrefix = "/translate", Upstream = upstream, Normalise = NormaliseOptions.Default with { KeepTypographicQuotes = true } },
            new GatewayRoute { Name = "watch", PathPrefix = "/watch/", Upstream = upstream, Mode = GatewayMode.Observe },
        ]);
        const string Prose = "It\u2019s \u201Cquoted\u201D and\u200B hidden.";

        using (var response = await harness.Client.SendAsync(Post("/translate/v1/messages", Prose)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await harness.Client.SendAsync(Post("/v1/messages", Prose)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await harness.Client.SendAsync(Post("/watch/v1/messages?beta=true", Prose)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var received = harness.Upstream.Received.ToArray();
        Assert.Equal(["/v1/messages", "/v1/messages", "/v1/messages?beta=true"], received.Select(r => r.PathAndQuery));

        // Translation keeps the typographic quotes but still takes out the zero-width space.
        Assert.Equal(RequestBodies.Body(ApiShape.AnthropicMessages, "It\u2019s \u201Cquoted\u201D and hidden."), received[0].Body);
        Assert.Equal(RequestBodies.Body(ApiShape.AnthropicMessages, "It's \"quoted\" and hidden."), received[1].Body);
        Assert.Equal(RequestBodies.Body(ApiShape.AnthropicMessages, Prose), received[2].Body);

        var decisions = await harness.DecisionsAsync(3);
        Assert.Equal(["translation", "everything", "watch"], decisions.Select(d => d.GetProperty("gatewayRoute").GetString()));
        Assert.Equal(["normalise", "normalise", "observe"], decisions.Select(d => d.GetProperty("mode").GetString()));
    }

    [Fact]
    public async Task A_prefix_matches_whole_segments_only_and_a_path_no_route_takes_gets_an_api_shaped_404()
    {
        await using var harness = await StartAsync(upstream => [new GatewayRoute { Name = "anthropic", PathPrefix = "/anthropic", Upstream = upstream }]);

        using var response = await harness.Client.SendAsync(Post("/anthropicx/v1/messages", "hi"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no route", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("refused", decision.GetProperty("action").GetString());
        Assert.Equal("NoRoute", decision.GetProperty("refusal").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Starting_with_a_block_route_and_no_policy_is_refused_before_listening()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TelltaleGateway.StartAsync(new GatewayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Routes = [new GatewayRoute { Name = "strict", Upstream = new Uri("http://127.0.0.1:9"), Mode = GatewayMode.Block }],
            ConsoleLogging = false,
        }));

        Assert.Contains("route strict: block mode needs a policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_logs_date_forms_a_clients_variation_and_claims_that_disagree()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Observe);
        const string Agent = "claude-cli/2.1.198 (external, cli)";

        foreach (var text in new[] { "Today's date is 2026-04-03.", "Today's date is 2026-04-04.", "Today's date is 2026/04/05.", "x-anthropic-billing-header: cc_version=2.1.91.e3c;" })
        {
            using var response = await harness.Client.SendAsync(Post("/v1/messages", text, Agent));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var decisions = await harness.DecisionsAsync(4);
        Assert.Equal("YYYY-MM-DD", decisions[0].GetProperty("dates")[0].GetProperty("form").GetString());
        Assert.False(decisions[0].TryGetProperty("variation", out _));
        Assert.False(decisions[1].TryGetProperty("variation", out _));
        var variation = decisions[2].GetProperty("variation");
        Assert.Equal("npm:@anthropic-ai/claude-code@2.1.198", variation.GetProperty("client").GetString());
        Assert.Equal("YYYY/MM/DD", variation.GetProperty("newForm").GetString());
        Assert.Equal([("YYYY-MM-DD", 2), ("YYYY/MM/DD", 1)],
            variation.GetProperty("forms").EnumerateArray().Select(f => (f.GetProperty("form").GetString(), f.GetProperty("requests").GetInt32())));
        Assert.Contains("cc_version=2.1.91", decisions[3].GetProperty("mismatches")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", decisions[3].GetProperty("client").GetProperty("address").GetString());

        // Observe mode edits nothing: the date went upstream as the client wrote it.
        Assert.Contains("2026/04/05", Encoding.UTF8.GetString(harness.Upstream.Received.ToArray()[2].Body), StringComparison.Ordinal);

        // On stop, one summary line holds every client's forms.
        await harness.Gateway.StopAsync();
        using var last = System.Text.Json.JsonDocument.Parse(harness.LogText().Split('\n')[^1]);
        var client = Assert.Single(last.RootElement.GetProperty("summary").GetProperty("dateForms").EnumerateArray());
        Assert.True(client.GetProperty("variation").GetBoolean());
        Assert.Equal(2, client.GetProperty("forms").GetArrayLength());
    }
}
