using System.Net;
using Microsoft.Playwright;
using Telltale.Findings;
using Telltale.Team;
using Telltale.Tests.Reports;

namespace Telltale.Tests;

/// <summary>Names, versions, evidence and code excerpts come from packages: on a page they are text to read, never markup or script.</summary>
public sealed class HostileTextTests : BrowserTest
{
    private const string HostileName = "<script>window.pwned = 1</script>\u202Eevil";
    private const string HostileExcerpt = "\u001b[2J<img src=x onerror=\"window.pwned = 2\">\u202Etxt.exe\u200B";

    [Fact]
    public async Task Hostile_names_and_excerpts_are_shown_escaped_and_never_run()
    {
        var sample = ReportFixtures.Sample();
        var behaviour = sample.Findings.First(f => f.Behaviour is not null);
        var hostileBehaviour = behaviour with { Behaviour = behaviour.Behaviour! with { Root = behaviour.Behaviour.Root with { Excerpt = HostileExcerpt } } };
        var report = sample with
        {
            Target = sample.Target with { Name = HostileName },

            // This week's, so the overview lists it too.
            ScannedAt = DateTimeOffset.UtcNow,
            Findings = [.. sample.Findings.Select(f => ReferenceEquals(f, behaviour) ? hostileBehaviour : f)],
        };
        var uploader = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        using (var uploaded = await uploader.PostAsync("/api/v1/scans", Fixtures.Json(Fixtures.Report(report))))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        foreach (var path in new[] { $"/scan/{report.Target.Sha256}", $"/package?name={Uri.EscapeDataString(HostileName)}", "/scans", "/" })
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.Contains("default-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);

            // The name is on the page as text, its bidi override as a visible escape, and nothing of it became an element.
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("<script>window.pwned = 1</script>\\u{202E}evil");
            Assert.Equal(1, await page.Locator("script").CountAsync());
            Assert.Equal(0, await page.Locator("main img").CountAsync());
            Assert.DoesNotContain('\u202E', await page.ContentAsync());
            Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        }

        await page.GotoAsync($"/scan/{report.Target.Sha256}");
        // The sink is the last step of every chain of the behaviour, so the excerpt is there once per chain.
        var excerpt = page.Locator("pre.excerpt").Filter(new() { HasText = "txt.exe" }).First;
        await Assertions.Expect(excerpt).ToHaveTextAsync("\\u{001B}[2J<img src=x onerror=\"window.pwned = 2\">\\u{202E}txt.exe\\u{200B}");
        Assert.Equal(0, dialogs);
    }
}
