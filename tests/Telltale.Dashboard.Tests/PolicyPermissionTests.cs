using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>Only reviewers change the policy from the dashboard: the forms are not shown to viewers, and posts are refused.</summary>
public sealed class PolicyPermissionTests : BrowserTest
{
    [Fact]
    public async Task A_viewer_sees_no_policy_form_and_a_forged_post_is_refused_with_nothing_written()
    {
        var history = await ClaudeCodeData.SeedAsync(Server);
        var page = await Browser.SignedInPageAsync(TeamRole.Viewer);

        await page.GotoAsync("/policy");

        await Assertions.Expect(page.Locator($"#suggest-{history.Id}")).ToContainTextAsync("Suggests anthropic-ai-claude-code-2.1.91");
        await Assertions.Expect(page.Locator("main form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add entry" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("textarea")).ToHaveCountAsync(0);

        // A post built by hand, with the viewer's own session and a valid antiforgery token (the sign-out form's):
        // only the role stands in the way.
        var antiforgery = await page.Locator("form.signout input[name='__RequestVerificationToken']").GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(antiforgery));
        var add = await page.APIRequest.PostAsync("/policy?handler=Add", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", antiforgery!).Set("history", history.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("status", "banned"),
        });
        var save = await page.APIRequest.PostAsync("/policy?handler=Save", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", antiforgery!).Set("yaml", Fixtures.BanPolicy),
        });

        Assert.Equal(403, add.Status);
        Assert.Equal(403, save.Status);
        using var team = Server.OpenTeamStore();
        Assert.Null(team.CurrentPolicy());
        Assert.DoesNotContain(team.ListAudit(100), a => a.Route == "/policy");
    }

    [Fact]
    public async Task A_reviewer_post_without_the_antiforgery_token_is_refused_with_nothing_written()
    {
        var page = await Browser.SignedInPageAsync(TeamRole.Reviewer);

        var save = await page.APIRequest.PostAsync("/policy?handler=Save", new()
        {
            Form = page.APIRequest.CreateFormData().Set("yaml", Fixtures.BanPolicy),
        });

        Assert.Equal(400, save.Status);
        using var team = Server.OpenTeamStore();
        Assert.Null(team.CurrentPolicy());
    }

    [Fact]
    public async Task A_reviewer_edits_the_yaml_and_a_policy_that_does_not_load_is_refused_with_its_reason()
    {
        var page = await Browser.SignedInPageAsync(TeamRole.Reviewer);
        await page.GotoAsync("/policy");

        await page.GetByLabel("Policy (docs/policy.md").FillAsync(Fixtures.PolicyWithUnknownField);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Assertions.Expect(page.Locator("#policy-problem")).ToContainTextAsync("colour");

        await page.GetByLabel("Policy (docs/policy.md").FillAsync(Fixtures.BanPolicy);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Assertions.Expect(page.Locator("#policy-entries")).ToContainTextAsync("ACME-2026-001");

        using var team = Server.OpenTeamStore();
        var stored = Assert.Single(team.ListPolicies(10));
        Assert.Equal(Fixtures.BanPolicy.ReplaceLineEndings("\n"), stored.Yaml);
    }
}
