using System.Text;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

/// <summary>PromptObserver's reading of a request and ClientClaimCheck's comparison of what a client says it is.</summary>
public sealed class ClientClaimsTests
{
    private static ClientIdentity Identify(string userAgent, string? stainlessVersion = null) =>
        ClientIdentification.Identify(name => name switch
        {
            "User-Agent" => userAgent,
            "x-stainless-package-version" => stainlessVersion,
            _ => null,
        });

    /// <summary>Claude Code's system block, as 2.1.91 writes it (its billing line), then a user message with a date.</summary>
    private static byte[] ClaudeCodeBody(string statedVersion, string date) => Encoding.UTF8.GetBytes($$"""
        {"model":"claude-sonnet-4-5","max_tokens":32,
         "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version={{statedVersion}}.e3c; cc_entrypoint=cli; cch=00000;"},
                   {"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude."}],
         "messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today's date is {{date}}.</system-reminder>"},{"type":"text","text":"say hi"}]}]}
        """);

    [Fact]
    public void Reads_the_date_forms_and_the_version_a_client_states_in_its_prompt()
    {
        var observation = PromptObserver.Observe("/v1/messages", ClaudeCodeBody("2.1.91", "2026/04/03"));

        Assert.Equal([new DateFormUse("$.messages[0].content[0].text", "YYYY/MM/DD")], observation.Dates);
        var stated = Assert.Single(observation.StatedVersions);
        Assert.Equal(("@anthropic-ai/claude-code", "2.1.91", "$.system[0].text"), (stated.Product.Package, stated.Version, stated.JsonPath));
    }

    [Fact]
    public void Claims_that_agree_are_not_a_mismatch()
    {
        var observation = PromptObserver.Observe("/v1/messages", ClaudeCodeBody("2.1.91", "2026-04-03"));

        Assert.Empty(ClientClaimCheck.Mismatches(Identify("claude-cli/2.1.91 (external, cli)"), ApiShape.AnthropicMessages, observation));
    }

    [Fact]
    public void A_user_agent_naming_another_version_than_the_prompt_states_is_a_mismatch()
    {
        var observation = PromptObserver.Observe("/v1/messages", ClaudeCodeBody("2.1.91", "2026-04-03"));

        var mismatch = Assert.Single(ClientClaimCheck.Mismatches(Identify("claude-cli/2.1.198 (external, cli)"), ApiShape.AnthropicMessages, observation));

        Assert.Contains("2.1.198", mismatch, StringComparison.Ordinal);
        Assert.Contains("cc_version=2.1.91", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompt_stating_claude_code_under_another_user_agent_is_a_mismatch()
    {
        var observation = PromptObserver.Observe("/v1/messages", ClaudeCodeBody("2.1.91", "2026-04-03"));

        var mismatch = Assert.Single(ClientClaimCheck.Mismatches(Identify("Mozilla/5.0"), ApiShape.AnthropicMessages, observation));

        Assert.Contains("does not name claude-cli", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_sending_an_api_shape_it_does_not_speak_is_a_mismatch()
    {
        var mismatch = Assert.Single(ClientClaimCheck.Mismatches(Identify("claude-cli/2.1.91 (external, cli)"), ApiShape.OpenAiChatCompletions, PromptObservation.None));

        Assert.Contains("OpenAiChatCompletions", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void An_sdk_whose_version_header_disagrees_with_its_user_agent_is_a_mismatch()
    {
        var client = Identify("OpenAI/JS 5.1.0", stainlessVersion: "4.0.0");

        var mismatch = Assert.Single(ClientClaimCheck.Mismatches(client, ApiShape.OpenAiResponses, PromptObservation.None));

        Assert.Contains("x-stainless-package-version says 4.0.0", mismatch, StringComparison.Ordinal);
        Assert.Equal("4.0.0", client.Version);
    }

    [Theory]
    [InlineData("{\"model\":\"m\",")]
    [InlineData("[]")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}")]
    public void A_body_it_cannot_read_yields_no_observation(string body) =>
        Assert.Same(PromptObservation.None, PromptObserver.Observe("/v1/messages", Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Reads_only_the_client_written_fields()
    {
        // A date in a tool call's arguments is the model's text, not the client's: not counted.
        var body = Encoding.UTF8.GetBytes("""
            {"model":"m","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"when":"2026/04/03"}}]},
             {"role":"user","content":"Today is 2026-04-03"}]}
            """);

        Assert.Equal(["YYYY-MM-DD"], PromptObserver.Observe("/v1/messages", body).Dates.Select(d => d.Form));
    }
}
