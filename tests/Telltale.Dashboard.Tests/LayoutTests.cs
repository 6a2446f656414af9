using System.Text.Json;
using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>
/// The main pages, filled with the real claude-code evidence, at a desktop's 1280 px and a phone's 390 px: nothing
/// scrolls sideways, nothing the page loads or does is refused by its Content-Security-Policy, and (with TELLTALE_SCREENSHOTS set) a PNG of each.
/// </summary>
public sealed class LayoutTests : BrowserTest
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Every_main_page_fits_the_width_without_sideways_scroll(int width, int height)
    {
        await ClaudeCodeData.SeedAsync(Server);
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy))).Dispose();
        await ClaudeCodeData.PostInventoryAsync(Server, "laptop-7", "2.1.91");
        await ClaudeCodeData.PostInventoryAsync(Server, "build-agent-3", "2.1.198");
        await GatewayData.PostAsync(Server);
        var old = Sha256Of("2.1.90");
        var @new = Sha256Of("2.1.91");
        var pages = new (string Name, string Path)[]
        {
            ("overview", "/"),
            ("package", "/package?name=%40anthropic-ai%2Fclaude-code"),
            ("scan", $"/scan/{@new}"),
            ("diff", $"/diff?old={old}&new={@new}"),
            ("policy", "/policy"),
            ("fleet", "/fleet"),
            ("scans", "/scans"),
            ("watches", "/watches"),
            ("gateway", "/gateway"),
        };

        var page = await Browser.NewPageAsync(width, height);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // Only the policy's refusals: a request cut short by the next navigation logs an error too, and says nothing of the page.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{message.Text} ({message.Location})");
            }
        };
        await page.GotoAsync("/login");
        await Screenshots.SaveAsync(page, "login");
        await BrowserHarness.SignInAsync(page, await Server.TokenAsync(TeamRole.Reviewer));

        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 200, $"{path} answered {response.Status}");
            var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(fits, $"{path} at {width} px is {scrollWidth} px wide");
            await Screenshots.SaveAsync(page, name);
        }

        Assert.Empty(problems);
    }

    private static string Sha256Of(string version)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(ClaudeCodeData.FixturePath($"claude-code-{version}.report.json")));
        return report.RootElement.GetProperty("target").GetProperty("sha256").GetString()!;
    }
}
