using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>The fleet view of a ban whose date is still ahead: the machine warns, with the days left to the date.</summary>
public sealed class FleetTests : BrowserTest
{
    [Fact]
    public async Task A_machine_running_a_soon_banned_version_warns_with_the_days_left()
    {
        var soon = Fixtures.BanPolicy.Replace("date: 2026-07-10", "date: 2099-01-01", StringComparison.Ordinal);
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(soon))).Dispose();
        await ClaudeCodeData.PostInventoryAsync(Server, "laptop-7", "2.1.91");
        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);

        await page.GotoAsync("/fleet");

        var machine = page.Locator("section.machine[data-host='laptop-7']");
        await Assertions.Expect(machine).ToHaveAttributeAsync("data-result", "warn");
        await Assertions.Expect(machine.Locator("table .badge")).ToHaveTextAsync("banned-from-date");
        await Assertions.Expect(machine.Locator("table")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ day\(s\) until 2099-01-01"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#fleet-heading + p")).ToHaveTextAsync("All 1 machine(s) comply; 1 with warnings.");
    }
}
