using Microsoft.AspNetCore.Mvc;
using Telltale.Policy;
using Telltale.Server.Dashboard;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>
/// One package: its stored histories and bisections with the version timeline drawn, and its stored scans. Without a
/// name, the packages the store knows.
/// </summary>
public sealed class PackageModel : DashboardPage
{
    private const int ListLimit = 500;

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? History { get; set; }

    public IReadOnlyList<string> Packages { get; private set; } = [];

    public IReadOnlyList<StoredTimeline> Timelines { get; private set; } = [];

    public StoredTimeline? Selected { get; private set; }

    public VersionTimeline? Timeline { get; private set; }

    public BisectResult? Bisection { get; private set; }

    internal TimelineChart? Chart { get; private set; }

    /// <summary>This package's scans, lowest version first.</summary>
    public IReadOnlyList<StoredScanSummary> Scans { get; private set; } = [];

    /// <summary>The newest stored scan of each version, to link a version on the timeline to its behaviour chains.</summary>
    public IReadOnlyDictionary<string, StoredScanSummary> ScanOfVersion { get; private set; } = new Dictionary<string, StoredScanSummary>();

    public IActionResult OnGet()
    {
        if (string.IsNullOrEmpty(Name))
        {
            Packages = Stores.Scans.List(limit: ListLimit).Select(s => s.Name)
                .Concat(Stores.Scans.ListTimelines(limit: ListLimit).Select(t => t.Package))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            return Page();
        }

        Timelines = Stores.Scans.ListTimelines(Name, limit: ListLimit);
        Selected = History is { } id ? Timelines.FirstOrDefault(t => t.Id == id) : Timelines is [var newest, ..] ? newest : null;
        if (History is not null && Selected is null)
        {
            return NotFound();
        }

        if (Selected is not null)
        {
            (Timeline, Bisection) = Selected.Read();
            Chart = Timeline is not null ? TimelineChart.From(Timeline) : TimelineChart.From(Bisection!);
        }

        // The store's filter matches part of a name; this page is about exactly one.
        Scans = Stores.Scans.List(Name, ListLimit)
            .Where(s => s.Name == Name)
            .OrderBy(s => s.Version is null)
            .ThenBy(s => s.Version ?? "", VersionOrder.Comparer)
            .ThenByDescending(s => s.ScannedAt)
            .ToList();
        ScanOfVersion = Scans.Where(s => s.Version is not null)
            .GroupBy(s => s.Version!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.ScannedAt)!, StringComparer.Ordinal);
        return Page();
    }
}
