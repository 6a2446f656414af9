using System.Net;
using Telltale.Gateway;
using Telltale.Policy;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

public sealed class DecisionLogTests
{
    private const string ApiKey = "sk-ant-api03-secret-value-that-must-not-leak";

    [Theory]
    [InlineData(GatewayMode.Normalise, "/v1/messages", "claude-cli/2.1.198")]
    [InlineData(GatewayMode.Observe, "/v1/responses", "codex_cli_rs/0.171.0")]
    [InlineData(GatewayMode.Block, "/v1/messages", "claude-cli/2.1.100")]
    [InlineData(GatewayMode.Normalise, "/v1/models?key=" + ApiKey, "curl/8.0")]
    public async Task Credentials_and_prompt_text_never_appear_in_the_log(GatewayMode mode, string path, string userAgent)
    {
        await using var harness = await GatewayHarness.StartAsync(mode, o => o with
        {
            Policy = PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claude-code.policy.yaml")),
            Clock = new FixedClock(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero)),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, CovertText.Dated)),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + ApiKey);
        request.Headers.TryAddWithoutValidation("x-api-key", ApiKey);

        using var response = await harness.Client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal(userAgent, decision.GetProperty("client").GetProperty("userAgent").GetString());
        var log = harness.LogText();
        Assert.DoesNotContain(ApiKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Today", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_are_kept_only_when_asked_for()
    {
        await using var harness = await GatewayHarness.StartAsync(GatewayMode.Normalise, o => o with { LogBodies = true });

        using var response = await harness.Client.PostAsync("/v1/messages", NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, CovertText.Dated)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CovertText.Dated, Assert.Single(await harness.DecisionsAsync(1)).GetProperty("body").GetString(), StringComparison.Ordinal);
    }
}
