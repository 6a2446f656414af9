namespace Telltale.Server.Dashboard;

/// <summary>One version on a timeline chart, placed in the chart's own units (a 0–1000 by 0–300 box).</summary>
/// <param name="Version">The version, as the package published it.</param>
/// <param name="PublishedAt">Its publish date; null when the registry did not say.</param>
/// <param name="Behaviours">How many behaviours it has; null when it could not be scanned.</param>
internal sealed record ChartPoint(string Version, DateTimeOffset? PublishedAt, int? Behaviours, double X, double Y);
