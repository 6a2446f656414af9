using System.Globalization;
using System.Text;
using Telltale.Policy;
using Telltale.Tracking.Store;

namespace Telltale.Server.Dashboard;

/// <summary>How the pages word dates, entries and links; every package-controlled part goes through <see cref="VisibleText"/>.</summary>
internal static class DashboardFormat
{
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown date";

    /// <summary>The packages and versions an entry covers, in one line.</summary>
    public static string Affected(PolicyEntry entry) =>
        VisibleText.Line(string.Join("; ", entry.Affected.Select(a =>
        {
            var events = a.Ranges.SelectMany(r => r.Events).Select(e => $"{PolicyYamlWriter.EventKey(e.Kind)} {e.Version}").Concat(a.Versions);
            var versions = string.Join(", ", events);
            return versions.Length == 0 ? a.Name : $"{a.Name} ({versions})";
        })));

    public static string Effective(PolicyEntry entry) =>
        entry.Effective is { } effective
            ? $"effective {effective.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({VisibleText.Line(effective.TimeZone)}){(effective.GraceDays > 0 ? $", {effective.GraceDays} days' grace" : "")}"
            : "in force";

    public static string Severities(StoredScanSummary scan)
    {
        var parts = new List<string>();
        void Add(int count, string name)
        {
            if (count > 0)
            {
                parts.Add($"{count} {name}");
            }
        }

        Add(scan.Critical, "critical");
        Add(scan.High, "high");
        Add(scan.Medium, "medium");
        Add(scan.Low, "low");
        return parts.Count == 0 ? "no findings above info" : string.Join(", ", parts);
    }

    /// <summary>The package page of <paramref name="name"/>; a query parameter, since a scoped name holds a '/'.</summary>
    public static string PackageLink(string name) => $"/package?name={Uri.EscapeDataString(name)}";

    /// <summary>An id attribute for a host or key: letters, digits and '-' only, so any text makes a valid fragment.</summary>
    public static string Anchor(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return builder.ToString();
    }
}
