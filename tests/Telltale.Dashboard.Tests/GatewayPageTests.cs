using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>The Gateway page: each client's totals with a date form variation explained, and the latest decisions by action.</summary>
public sealed class GatewayPageTests : BrowserTest
{
    private const string HostileAgent = "<script>window.pwned = 1</script>\u202Eevil-agent";

    [Fact]
    public async Task A_client_that_wrote_dates_two_ways_is_highlighted_with_what_that_means()
    {
        await GatewayData.PostAsync(Server);
        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);

        await page.GetByRole(AriaRole.Link, new() { Name = "Gateway", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#gateway-totals")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"3 request\(s\):\s+0 forwarded,\s+2 normalised,\s+0 refused,\s+1 blocked\."));
        var old = page.Locator($"#gateway-clients tr[data-client='{GatewayData.OldClient}']");
        await Assertions.Expect(old).ToHaveClassAsync("variation");
        await Assertions.Expect(old.Locator(".badge")).ToHaveTextAsync("variation");
        await Assertions.Expect(old.Locator(".variation-note")).ToContainTextAsync("this client used more than one date form; the gateway does not rewrite ASCII date separators — see docs", new() { IgnoreCase = true });
        await Assertions.Expect(old).ToContainTextAsync("U+2019→U+0027: 2");
        await Assertions.Expect(old).ToContainTextAsync("2 (2 normalised)");
        var blocked = page.Locator($"#gateway-clients tr[data-client='{GatewayData.NewClient}']");
        await Assertions.Expect(blocked).Not.ToHaveClassAsync("variation");
        await Assertions.Expect(blocked).ToContainTextAsync("1 (1 blocked)");
        await Assertions.Expect(blocked.Locator("td[data-label='Mismatched claims']")).ToHaveTextAsync("1 request(s)");
        await Assertions.Expect(page.Locator("#gateway-decisions tbody tr")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task The_latest_decisions_are_filtered_by_action_from_the_query_string()
    {
        await GatewayData.PostAsync(Server);
        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);
        await page.GotoAsync("/gateway");

        await page.Locator("nav.filters").GetByRole(AriaRole.Link, new() { Name = "blocked", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("action=blocked", StringComparison.Ordinal));
        var row = page.Locator("#gateway-decisions tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-action", "blocked");
        await Assertions.Expect(row).ToContainTextAsync("banned since 2026-07-10");
        await Assertions.Expect(row).ToContainTextAsync("User-Agent claims 2.1.198 but the body's cc_version is 2.1.91");
        await page.GotoAsync("/gateway?action=refused");
        await Assertions.Expect(page.Locator("main .empty")).ToHaveTextAsync("No refused decisions.");
    }

    [Fact]
    public async Task A_hostile_user_agent_and_mismatch_are_shown_escaped_and_never_run()
    {
        var hostile = GatewayDecisionLines.Line("r9");
        hostile["client"] = new JsonObject { ["userAgent"] = HostileAgent };
        hostile["mismatches"] = new JsonArray("<img src=x onerror=\"window.pwned = 2\">\u200Bclaims");
        await GatewayData.PostAsync(Server, hostile);
        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);

        var response = await page.GotoAsync("/gateway");

        Assert.Contains("default-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#gateway-clients")).ToContainTextAsync("<script>window.pwned = 1</script>\\u{202E}evil-agent");
        await Assertions.Expect(page.Locator("#gateway-decisions")).ToContainTextAsync("<img src=x onerror=\"window.pwned = 2\">\\u{200B}claims");
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.DoesNotContain('\u202E', await page.ContentAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
    }
}
