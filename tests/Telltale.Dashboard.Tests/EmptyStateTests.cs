using Telltale.Team;

namespace Telltale.Tests;

/// <summary>A fresh server has nothing to show: every page says so, and says how to get something there.</summary>
public sealed class EmptyStateTests : BrowserTest
{
    [Theory]
    [InlineData("/", "No policy yet")]
    [InlineData("/", "No machine has posted an inventory yet — run telltale check --server URL")]
    [InlineData("/", "Nothing this week — upload a scan with telltale scan npm:NAME --server URL")]
    [InlineData("/scans", "No scans yet — upload one with telltale scan npm:NAME --server URL")]
    [InlineData("/package", "No packages yet")]
    [InlineData("/package?name=left-pad", "No stored history of this package — run telltale history npm:left-pad --server URL")]
    [InlineData("/package?name=left-pad", "No scans of this package yet")]
    [InlineData("/diff", "A diff needs two stored scans")]
    [InlineData("/policy", "No policy yet")]
    [InlineData("/policy", "No stored histories yet — run telltale history npm:NAME --server URL")]
    [InlineData("/fleet", "No machine has posted an inventory yet")]
    [InlineData("/watches", "No package is watched yet")]
    [InlineData("/watches", "No alerts")]
    [InlineData("/gateway", "No gateway has reported yet — run telltale gateway --server URL")]
    public async Task A_fresh_server_says_what_is_missing_and_how_to_add_it(string path, string expected)
    {
        var page = await Browser.SignedInPageAsync(TeamRole.Admin);

        var response = await page.GotoAsync(path);

        Assert.Equal(200, response!.Status);
        var empties = await page.Locator(".empty").AllInnerTextsAsync();
        Assert.Contains(empties, text => text.Contains(expected, StringComparison.Ordinal));
    }
}
