using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>The issue's flow in a real browser, on the real claude-code evidence, from sign-in to a machine turning non-compliant.</summary>
public sealed partial class DashboardFlowTests : BrowserTest
{
    [Fact]
    public async Task A_reviewer_bans_claude_code_from_its_history_and_a_machine_with_2_1_91_turns_non_compliant()
    {
        var history = await ClaudeCodeData.SeedAsync(Server);
        await ClaudeCodeData.PostInventoryAsync(Server, "laptop-7", "2.1.91");
        var reviewerToken = await Server.IssueAsync(TeamRole.Reviewer, "alice");
        var page = await Browser.NewPageAsync();

        // A page asked for before signing in leads to the login form, and back after it.
        await page.GotoAsync("/fleet");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("API token").FillAsync(reviewerToken.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/fleet");
        var machine = page.Locator("section.machine[data-host='laptop-7']");
        Assert.Equal("pass", await machine.GetAttributeAsync("data-result"));

        // The package page: the timeline marks 2.1.91 as the first version with the behaviour and 2.1.198 as the first without.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "@anthropic-ai/claude-code", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/package");
        var chart = page.Locator("#timeline-chart");
        await Assertions.Expect(chart.Locator("g.marker.first-with[data-version='2.1.91']")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("g.marker.first-without[data-version='2.1.198']")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("g.first-with text")).ToHaveTextAsync("first with: 2.1.91");
        await Assertions.Expect(chart.Locator("g.first-without text")).ToHaveTextAsync("first without: 2.1.198");

        // 2.1.91's behaviour chain, step by step from the environment variable to the user message, each with its code.
        await page.GetByRole(AriaRole.Link, new() { Name = "behaviour chain of 2.1.91" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/scan/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("@anthropic-ai/claude-code@2.1.91");
        var firstChain = page.Locator("section.behaviour ol.chain").First;
        var steps = firstChain.Locator(":scope > li");
        Assert.True(await steps.CountAsync() >= 4, "a chain from source to sink has several steps");
        await Assertions.Expect(steps.First.Locator(".step-kind")).ToHaveTextAsync("source");
        await Assertions.Expect(steps.Last.Locator(".step-kind")).ToHaveTextAsync("sink");
        await Assertions.Expect(steps.First.Locator("pre.excerpt")).ToHaveTextAsync("process.env.ANTHROPIC_BASE_URL");
        await Assertions.Expect(steps.Last.Locator("pre.excerpt")).ToHaveTextAsync("content:q||LN");

        // The policy editor: the entry the history suggests, added as a ban in force with one click.
        await page.GetByRole(AriaRole.Link, new() { Name = "Policy", Exact = true }).ClickAsync();
        var suggestion = page.Locator($"#suggest-{history.Id}");
        await Assertions.Expect(suggestion).ToContainTextAsync("introduced 2.1.91, fixed 2.1.198");
        await suggestion.GetByLabel("Status").SelectOptionAsync("banned");
        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Assertions.Expect(page.Locator("#policy-added")).ToContainTextAsync("anthropic-ai-claude-code-2.1.91");
        await Assertions.Expect(page.Locator("#policy-entries")).ToContainTextAsync("banned");

        // The machine that posted 2.1.91 is judged against the new version at once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Fleet", Exact = true }).ClickAsync();
        await Assertions.Expect(machine).ToHaveAttributeAsync("data-result", "fail");
        await Assertions.Expect(machine.Locator("table")).ToContainTextAsync("@anthropic-ai/claude-code@2.1.91");
        await Assertions.Expect(machine.Locator("table .badge")).ToHaveTextAsync("banned");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#fleet-heading + p")).ToContainTextAsync(OneOfOne());

        // The write is the reviewer's, by token, like the API's.
        using var team = Server.OpenTeamStore();
        var policy = team.CurrentPolicy();
        Assert.NotNull(policy);
        Assert.Equal("alice", policy.SavedBy);
        Assert.Contains("history:" + history.Id, policy.Yaml, StringComparison.Ordinal);
        var audit = team.ListAudit(20).First(a => a.Route == "/policy");
        Assert.Equal(reviewerToken.Id, audit.TokenId);
        Assert.Equal(TeamRole.Reviewer, audit.Role);
        Assert.Equal("POST", audit.Method);
    }

    [GeneratedRegex(@"1 of 1\s+machine\(s\) run something banned")]
    private static partial Regex OneOfOne();
}
