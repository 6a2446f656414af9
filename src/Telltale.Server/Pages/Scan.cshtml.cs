using Microsoft.AspNetCore.Mvc;
using Telltale.Findings;
using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>One stored scan: its behaviours drawn as chains from the environment to the output, step by step, and its other findings.</summary>
public sealed class ScanModel : DashboardPage
{
    /// <summary>A list step shows this many of its values; the report has them all.</summary>
    public const int ValuesShown = 24;

    public ScanReport? Report { get; private set; }

    public StoredScanSummary? Stored { get; private set; }

    public IReadOnlyList<Finding> Behaviours { get; private set; } = [];

    public IReadOnlyList<Finding> Others { get; private set; } = [];

    public IActionResult OnGet(string key)
    {
        IReadOnlyList<StoredScanSummary> found;
        try
        {
            found = Stores.Scans.Find(key);
        }
        catch (StoreException error) when (error.InnerException is null)
        {
            // A malformed key or a prefix of several artifacts: the key's fault.
            return BadRequest(error.Message);
        }

        if (found is not [var newest, ..] || Stores.Scans.Read(newest) is not { } report)
        {
            return NotFound();
        }

        Stored = newest;
        Report = report;
        Behaviours = report.Findings.Where(f => f.Behaviour is not null).OrderByDescending(f => f.Severity).ToList();
        Others = report.Findings.Where(f => f.Behaviour is null).OrderByDescending(f => f.Severity).ToList();
        return Page();
    }
}
