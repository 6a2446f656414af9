using Microsoft.Playwright;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>
/// The policy editor: only reviewers change the policy (viewers see no form, and their posts are refused), an entry
/// added from a history keeps the reviewer's text, and a policy that does not load is refused with its reason.
/// </summary>
public sealed class PolicyEditorTests : BrowserTest
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

    [Fact]
    public async Task An_entry_added_from_a_history_is_appended_to_the_current_text_and_its_comments_kept()
    {
        var history = await ClaudeCodeData.SeedAsync(Server);
        var commented = "# Reviewed by the security team every Monday.\n" + Fixtures.BanPolicy.ReplaceLineEndings("\n");
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(commented))).Dispose();
        var page = await Browser.SignedInPageAsync(TeamRole.Reviewer);
        await page.GotoAsync("/policy");

        var suggestion = page.Locator($"#suggest-{history.Id}");
        await suggestion.GetByLabel("Status").SelectOptionAsync("banned");
        await suggestion.GetByLabel("Effective from").FillAsync("2030-01-15");
        await suggestion.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Assertions.Expect(page.Locator("#policy-added")).ToContainTextAsync("anthropic-ai-claude-code-2.1.91");

        using var team = Server.OpenTeamStore();
        var stored = team.CurrentPolicy();
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal(2, stored.Entries);
        Assert.StartsWith(commented, stored.Yaml, StringComparison.Ordinal);
        Assert.Contains("2030-01-15", stored.Yaml, StringComparison.Ordinal);

        await Assertions.Expect(page.Locator("#policy-entries")).ToContainTextAsync("effective 2030-01-15 (Europe/Berlin)");
    }
}
