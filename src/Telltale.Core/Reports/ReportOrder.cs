using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// The one order every format lists findings in, so a JSON report, its SARIF and its Markdown read the same
/// way: highest severity first, then path and offset (reading order within a file). Rule id, line and
/// column only break ties; the sort is stable, so anything still equal keeps the scanner's order.
/// </summary>
internal static class ReportOrder
{
    public static IReadOnlyList<Finding> Findings(ScanReport report) =>
        report.Findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Location.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Offset)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ToList();

    /// <summary>Severities highest first, the order summaries and sections use.</summary>
    public static IReadOnlyList<Severity> SeveritiesHighestFirst { get; } =
        [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];
}
