using System.Net;
using System.Text;
using Telltale.Probing.Capture;
using Telltale.Tests.Probing.Capture;

namespace Telltale.Tests.Probing.EvidenceBundles;

/// <summary>
/// The capture keeps no placeholder key; reports and evidence bundles publish no credential-shaped value. The comparison
/// sees credential-shaped values as sent: a channel could hide in one.
/// </summary>
public sealed class SecretRedactionInCaptureTests
{
    private const string Placeholder = "sk-telltale-probe-placeholder";

    [Fact]
    public async Task The_placeholder_key_is_kept_nowhere_in_a_captured_request()
    {
        await using var harness = await CaptureHarness.StartAsync(knownSecrets: [Placeholder]);
        using var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("api.anthropic.com", $"/v1/messages/{Placeholder}?alt=sse&api_key={Placeholder}"))
        {
            Content = new StringContent($$"""{"model":"m","max_tokens":16,"note":"key {{Placeholder}} here","apiKey":"abc","messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-client-note", $"using {Placeholder}");
        request.Headers.Add("x-api-key", Placeholder);

        using var response = await harness.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = Assert.Single(harness.Endpoint.Drain());
        var everything = string.Join("\n", [captured.Path, captured.Body, .. captured.Headers.Values]);
        Assert.DoesNotContain(Placeholder, everything, StringComparison.Ordinal);
        Assert.Equal("/v1/messages/[redacted]?alt=sse&api_key=[redacted]", captured.Path);
        Assert.Equal("""{"model":"m","max_tokens":16,"note":"key [redacted] here","apiKey":"abc","messages":[]}""", captured.Body);
        Assert.Equal("using [redacted]", captured.Headers["x-client-note"]);
        Assert.Equal("""{"model":"m","max_tokens":16,"note":"key [redacted] here","apiKey":"[redacted]","messages":[]}""", SecretRedaction.Published(captured).Body);
    }

    [Fact]
    public async Task A_credential_shaped_value_is_kept_for_the_comparison_and_redacted_where_it_is_published()
    {
        const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcG9zdHJvcGhlIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        await using var harness = await CaptureHarness.StartAsync(knownSecrets: [Placeholder]);
        using var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("api.anthropic.com", "/v1/messages"))
        {
            Content = new StringContent($$"""{"model":"m","session":"{{Token}}"}""", Encoding.UTF8, "application/json"),
        };

        using var response = await harness.Client().SendAsync(request);

        var captured = Assert.Single(harness.Endpoint.Drain());
        Assert.Contains(Token, captured.Body, StringComparison.Ordinal);
        Assert.Equal("""{"model":"m","session":"[redacted]"}""", SecretRedaction.Published(captured).Body);
    }

    [Theory]
    [InlineData("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123", "Authorization: Bearer [redacted]")]
    [InlineData("key=sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "key=[redacted]")]
    [InlineData("aws AKIAABCDEFGHIJKLMNOP done", "aws [redacted] done")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt [redacted]")]
    [InlineData("Bearer tokens are short-lived", "Bearer tokens are short-lived")]
    [InlineData("the task-abcdefghijklmnopqrstuvwxyz0123 ran", "the task-abcdefghijklmnopqrstuvwxyz0123 ran")]
    [InlineData("Today\u2019s date is 2026/11/23.", "Today\u2019s date is 2026/11/23.")]
    public void Credential_shaped_values_are_redacted_and_prose_is_kept(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.RedactText(text, []));

    [Theory]
    [InlineData("""{"max_tokens":64,"client_secret":"s3cr3t"}""", """{"max_tokens":64,"client_secret":"[redacted]"}""")]
    [InlineData("""{"auth": {"access_token" : "a\"b"}}""", """{"auth": {"access_token" : "[redacted]"}}""")]
    [InlineData("""{"password":"p","text":"say \"password\": \"x\""}""", """{"password":"[redacted]","text":"say \"password\": \"x\""}""")]
    [InlineData("""{"cache_key":"abc","tokens":"t"}""", """{"cache_key":"abc","tokens":"t"}""")]
    public void Only_json_members_named_like_credentials_lose_their_values(string body, string expected) =>
        Assert.Equal(expected, SecretRedaction.RedactBody(body, []));
}
