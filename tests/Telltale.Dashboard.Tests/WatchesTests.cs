using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>The watches page: what is watched and what the jobs found, with the package's own text shown inert.</summary>
public sealed class WatchesTests : BrowserTest
{
    [Fact]
    public async Task Watches_and_their_alerts_are_listed_newest_first_with_hostile_text_escaped()
    {
        using (var watches = Server.OpenWatchStore())
        {
            var (watch, _) = watches.AddWatch("left-pad", ">=1.3.0", "none", AuditContext.ServerConsole("test"));
            var older = watches.ClaimVersion(watch.Id, "left-pad", "1.3.0", null, null, "none")!;
            var newer = watches.ClaimVersion(watch.Id, "left-pad", "1.3.1", "1.3.0", null, "none")!;
            watches.RecordFailure(older.Id, WatchAlert.Failure(watch.Id, "left-pad", "1.3.0", "registry said \u202Egnp.exe <script>alert(1)</script>", DateTimeOffset.UnixEpoch));
            watches.RecordFailure(newer.Id, WatchAlert.Failure(watch.Id, "left-pad", "1.3.1", "tarball missing", DateTimeOffset.UnixEpoch.AddDays(1)));
        }

        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Watches", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#watches")).ToContainTextAsync("left-pad");
        await Assertions.Expect(page.Locator("#watches")).ToContainTextAsync(">=1.3.0");
        var rows = page.Locator("#alerts tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("left-pad@1.3.1");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("\\u{202E}gnp.exe <script>alert(1)</script>");
        Assert.Equal(0, await page.Locator("#alerts script").CountAsync());
    }
}
