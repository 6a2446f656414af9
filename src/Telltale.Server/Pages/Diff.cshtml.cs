using Microsoft.AspNetCore.Mvc;
using Telltale.Tracking.Diffing;
using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>What changed between two stored scans, as <c>telltale diff</c> finds it (<see cref="ReportDiffer"/>).</summary>
public sealed class DiffModel : DashboardPage
{
    private const int ChoiceLimit = 500;

    [BindProperty(SupportsGet = true)]
    public string? Old { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? New { get; set; }

    public IReadOnlyList<StoredScanSummary> Choices { get; private set; } = [];

    public ReportDiff? Diff { get; private set; }

    public IReadOnlyList<FindingChangeGroup> Listing { get; private set; } = [];

    public string? Problem { get; private set; }

    public IActionResult OnGet()
    {
        Choices = Stores.Scans.List(limit: ChoiceLimit);
        if (string.IsNullOrEmpty(Old) || string.IsNullOrEmpty(New))
        {
            return Page();
        }

        try
        {
            var old = Stores.Scans.Show(Old);
            var @new = Stores.Scans.Show(New);
            if (old is null || @new is null)
            {
                Problem = $"no stored scan {(old is null ? Old : New)}";
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            }

            Diff = ReportDiffer.Diff(old, @new);
            Listing = Diff.Listing(includeInfo: false);
        }
        catch (StoreException error) when (error.InnerException is null)
        {
            Problem = error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
