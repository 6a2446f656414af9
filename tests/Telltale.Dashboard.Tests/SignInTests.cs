using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>Signing in and out of the dashboard with an API token, and what the session cookie carries.</summary>
public sealed class SignInTests : BrowserTest
{
    [Fact]
    public async Task A_wrong_token_is_refused_and_makes_no_session()
    {
        var page = await Browser.NewPageAsync();

        await SubmitTokenAsync(page, "tt_not-a-token-of-this-server");

        await Assertions.Expect(page.Locator("#login-problem")).ToContainTextAsync("unknown or revoked");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "telltale_session");
        await page.GotoAsync("/policy");
        Assert.Equal("/login", Path(page));
    }

    [Fact]
    public async Task Revoking_the_token_ends_its_session_at_once_and_it_cannot_sign_in_again()
    {
        var (id, secret) = await Server.IssueAsync(TeamRole.Viewer, "bob");
        var page = await Browser.NewPageAsync();
        await BrowserHarness.SignInAsync(page, secret);
        await page.GotoAsync("/policy");
        Assert.Equal("/policy", Path(page));

        using (var revoked = await Server.Admin.DeleteAsync($"/api/v1/tokens/{id}"))
        {
            Assert.True(revoked.IsSuccessStatusCode, $"revoking answered {(int)revoked.StatusCode}");
        }

        await page.GotoAsync("/policy");
        Assert.Equal("/login", Path(page));
        await SubmitTokenAsync(page, secret);
        await Assertions.Expect(page.Locator("#login-problem")).ToContainTextAsync("unknown or revoked");
        await page.GotoAsync("/");
        Assert.Equal("/login", Path(page));
    }

    [Fact]
    public async Task A_machine_token_cannot_sign_in()
    {
        var page = await Browser.NewPageAsync();

        await SubmitTokenAsync(page, await Server.TokenAsync(TeamRole.Machine));

        await Assertions.Expect(page.Locator("#login-problem")).ToContainTextAsync("machine token");
        await page.GotoAsync("/fleet");
        Assert.Equal("/login", Path(page));
    }

    [Fact]
    public async Task The_session_cookie_names_the_token_without_its_secret_and_signing_out_ends_it()
    {
        var (_, secret) = await Server.IssueAsync(TeamRole.Viewer, "carol");
        var page = await Browser.NewPageAsync();
        await BrowserHarness.SignInAsync(page, secret);

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "telltale_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(secret, cookie.Value, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync("carol (viewer)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await page.GotoAsync("/");
        Assert.Equal("/login", Path(page));
    }

    [Fact]
    public async Task The_api_still_takes_only_bearer_tokens()
    {
        var page = await Browser.NewPageAsync();
        await BrowserHarness.SignInAsync(page, await Server.TokenAsync(TeamRole.Admin));

        // The browser's session cookie is sent along, and the API ignores it: no bearer token, no answer.
        var response = await page.APIRequest.GetAsync("/api/v1/scans");

        Assert.Equal(401, response.Status);
    }

    private static async Task SubmitTokenAsync(IPage page, string token)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static string Path(IPage page) => new Uri(page.Url).AbsolutePath;
}
