using System.Net;
using System.Text;
using Telltale.Gateway;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

public sealed class ObserveModeTests
{
    [Fact]
    public async Task The_body_is_forwarded_byte_identical_and_the_change_it_would_make_is_logged()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Observe);
        var sent = RequestBodies.Body(ApiShape.OpenAiResponses, CovertText.Dated);

        using var response = await harness.Client.PostAsync(RequestBodies.PathOf(ApiShape.OpenAiResponses), NormaliseModeTests.Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, Assert.Single(harness.Upstream.Received).Body);
        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("forwarded", decision.GetProperty("action").GetString());
        Assert.Equal("normalised", decision.GetProperty("wouldBe").GetString());
        var change = decision.GetProperty("changes").EnumerateArray().First(c => c.GetProperty("before").GetString() == "U+02BC");
        Assert.Equal("U+0027", change.GetProperty("after").GetString());
        Assert.StartsWith("$.", change.GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_body_is_forwarded_and_logged_as_one_normalise_mode_would_refuse()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Observe);
        var sent = Encoding.UTF8.GetBytes("""{"model":"claude","messages":[""");

        using var response = await harness.Client.PostAsync("/v1/messages", NormaliseModeTests.Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, Assert.Single(harness.Upstream.Received).Body);
        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("refused", decision.GetProperty("wouldBe").GetString());
        Assert.Equal(400, decision.GetProperty("refusal").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_block_mode_would_refuse_is_forwarded_and_logged_as_refused_by_its_entry()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Observe, o => o with
        {
            Policy = Telltale.Policy.PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claude-code.policy.yaml")),
            Clock = new FixedClock(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero)),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, "hello")),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "claude-cli/2.1.91 (external, cli)");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(harness.Upstream.Received);
        var policy = Assert.Single(await harness.DecisionsAsync(1)).GetProperty("policy");
        Assert.Equal("ACME-2026-001", policy.GetProperty("entry").GetString());
        Assert.True(policy.GetProperty("refuses").GetBoolean());
    }
}
