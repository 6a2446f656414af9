using System.Net;
using System.Text.Json;
using Telltale.Gateway;
using Telltale.Policy;
using Telltale.Tests.Gateway;

namespace Telltale.Tests;

public sealed class BlockModeTests
{
    /// <summary>After ACME-2026-001 takes effect (2026-07-10, Europe/Berlin, no grace).</summary>
    private static readonly FixedClock AfterEffectiveDate = new(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));

    private static Task<GatewayHarness> StartAsync() =>
        GatewayHarness.StartAsync(GatewayMode.Block, options => options with
        {
            Policy = PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claude-code.policy.yaml")),
            Clock = AfterEffectiveDate,
        });

    [Fact]
    public async Task A_banned_claude_code_version_gets_a_403_naming_the_entry_its_reason_and_the_alternative()
    {
        await using var harness = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, "hello")),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "claude-cli/2.1.91 (external, cli)");
        request.Headers.Add("x-app", "cli");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(harness.Upstream.Received);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("ACME-2026-001", message, StringComparison.Ordinal);
        Assert.Contains("Bisection", message, StringComparison.Ordinal);
        Assert.Contains("npm:@openai/codex", message, StringComparison.Ordinal);
        Assert.Equal("ACME-2026-001", error.GetProperty("telltale").GetProperty("entry").GetString());
        Assert.Equal("npm:@openai/codex", error.GetProperty("telltale").GetProperty("alternatives")[0].GetString());

        var decision = Assert.Single(await harness.DecisionsAsync(1));
        Assert.Equal("blocked", decision.GetProperty("action").GetString());
        Assert.Equal("ACME-2026-001", decision.GetProperty("policy").GetProperty("entry").GetString());
        Assert.Equal("2.1.91", decision.GetProperty("client").GetProperty("version").GetString());
    }

    [Fact]
    public async Task The_fixed_version_passes_and_is_normalised()
    {
        await using var harness = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.AnthropicMessages, CovertText.Dated)),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "claude-cli/2.1.198 (external, cli)");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(CovertText.HoldsAny(Assert.Single(harness.Upstream.Received).Body));
        Assert.Equal("normalised", Assert.Single(await harness.DecisionsAsync(1)).GetProperty("action").GetString());
    }

    [Fact]
    public async Task An_openai_path_gets_the_refusal_in_openai_shape()
    {
        await using var harness = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = NormaliseModeTests.Json(RequestBodies.Body(ApiShape.OpenAiChatCompletions, "hello")),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "claude-cli/2.1.150 (external, cli)");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.TryGetProperty("type", out _));
        Assert.Contains("ACME-2026-001", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }
}
