using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Telltale.Policy;
using Telltale.Policy.Suggestion;
using Telltale.Server.Auth;
using Telltale.Server.Dashboard;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>
/// The policy editor: the current entries and versions for everyone; for reviewers, an entry added from a stored history
/// in one click (what <c>policy suggest --from history:ID</c> proposes) and the YAML edited whole.
/// </summary>
public sealed class PolicyModel : DashboardPage
{
    private const int HistoryLimit = 100;
    private const int VersionLimit = 20;

    public StoredPolicy? Stored { get; private set; }

    public PolicyDocument Document { get; private set; } = new("no policy", [], []);

    /// <summary>Each stored history with the entry it suggests, or why it suggests none.</summary>
    public IReadOnlyList<(StoredTimeline History, PolicyEntry? Entry, string? Problem)> Suggestions { get; private set; } = [];

    public IReadOnlyList<StoredPolicy> Versions { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>The YAML shown in the editor: the current text, or what the reviewer sent when it was refused.</summary>
    public string EditorText { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Added { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Saved { get; set; }

    public static IReadOnlyList<string> Statuses { get; } = [.. Enum.GetValues<PolicyStatus>().Reverse().Select(PolicyStatusNames.Name)];

    public void OnGet() => Load(null);

    public IActionResult OnPostAdd(long history, string? status, string? effective, string? timeZone, int? graceDays)
    {
        if (!User.CanChangePolicy())
        {
            return Forbid();
        }

        if (Stores.Scans.GetTimeline(history) is not { } stored)
        {
            return Refuse($"no stored history {StoredTimeline.KeyPrefix}{history.ToString(CultureInfo.InvariantCulture)}", null);
        }

        if (!PolicyStatusNames.TryParse(status, out var parsedStatus))
        {
            return Refuse($"unknown status '{VisibleText.Line(status)}': use banned, restricted, review or allowed", null);
        }

        EffectiveDate? date = null;
        if (!string.IsNullOrEmpty(effective))
        {
            var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
            if (!DateOnly.TryParseExact(effective, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Refuse($"the effective date '{VisibleText.Line(effective)}' is not a date YYYY-MM-DD", null);
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                return Refuse($"'{VisibleText.Line(zone)}' is not an IANA time zone this server knows", null);
            }

            if (graceDays is < 0 or > 3650)
            {
                return Refuse("the grace period must be from 0 to 3650 days", null);
            }

            date = new EffectiveDate(day, zone, graceDays ?? 0);
        }

        try
        {
            var entry = PolicySuggester.FromStored(stored, new SuggestionOptions
            {
                Status = parsedStatus,
                Effective = date,
                Decided = new PolicyDecision(TokenClaims.TokenName(User) ?? "dashboard", DateOnly.FromDateTime(Now.UtcDateTime)),
            });
            Publisher.AddEntry(entry, RequestAudit.Of(HttpContext));
            return Redirect($"/policy?added={Uri.EscapeDataString(entry.Id)}");
        }
        catch (Exception error) when (error is PolicyException or InvalidDataException)
        {
            return Refuse(error.Message, null);
        }
    }

    public IActionResult OnPostSave(string? yaml)
    {
        if (!User.CanChangePolicy())
        {
            return Forbid();
        }

        // A browser sends a textarea's line breaks as CR LF; the policy is kept as the API keeps it, with LF.
        var text = (yaml ?? "").ReplaceLineEndings("\n");
        try
        {
            var put = Publisher.Put(text, RequestAudit.Of(HttpContext));
            return Redirect($"/policy?saved={put.Stored.Version.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (PolicyException error)
        {
            return Refuse(error.Message, text);
        }
    }

    private PageResult Refuse(string problem, string? editorText)
    {
        Load(editorText);
        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Load(string? editorText)
    {
        var current = Policy.Current();
        Stored = current.Stored;
        Document = current.Document;
        EditorText = editorText ?? Stored?.Yaml ?? StarterPolicy;
        Versions = Stores.Team.ListPolicies(VersionLimit);
        var ids = Document.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Suggestions = Stores.Scans.ListTimelines(limit: HistoryLimit).Select(history =>
        {
            try
            {
                var entry = PolicySuggester.FromStored(history, new SuggestionOptions());
                return (history, entry, ids.Contains(entry.Id) ? $"the policy has entry {entry.Id} already" : null);
            }
            catch (Exception error) when (error is PolicyException or InvalidDataException)
            {
                return (history, (PolicyEntry?)null, (string?)error.Message);
            }
        }).ToList();
    }

    /// <summary>What the editor starts from before any policy was put: a valid, empty policy.</summary>
    private const string StarterPolicy = "schema_version: \"1\"\nname: team policy\nentries: []\n";
}
