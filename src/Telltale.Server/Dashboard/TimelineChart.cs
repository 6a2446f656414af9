using System.Globalization;
using Telltale.Policy;
using Telltale.Tracking.History;

namespace Telltale.Server.Dashboard;

/// <summary>
/// A stored history or bisection laid out for the package page's SVG chart, drawn on the server so the chart needs no
/// script: behaviours per version along the publish dates, and the versions where a behaviour starts and stops.
/// Layout only; what the versions hold is the timeline's (Telltale.Core).
/// </summary>
internal sealed record TimelineChart(IReadOnlyList<ChartPoint> Points, IReadOnlyList<ChartMarker> Markers, int MaxBehaviours)
{
    public const double Width = 1000;
    public const double Height = 300;

    /// <summary>The plot area inside the box: room for the axis labels below and the marker labels above.</summary>
    public const double Left = 40;
    public const double Right = 980;
    public const double Top = 60;
    public const double Bottom = 250;

    public static TimelineChart From(VersionTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var versions = timeline.Versions.Select(v => (v.Info.Version, v.Info.PublishedAt, Count: v.Scanned ? v.Behaviours.Count : (int?)null)).ToList();
        var markers = timeline.Behaviours.SelectMany(b => b.Spans.SelectMany(span =>
            span.Until is { } until
                ? new[] { (ChartMarker.FirstWith, span.From.Version, b.Title), (ChartMarker.FirstWithout, until.Version, b.Title) }
                : [(ChartMarker.FirstWith, span.From.Version, b.Title)]));
        return Layout(versions, markers);
    }

    public static TimelineChart From(BisectResult bisection)
    {
        ArgumentNullException.ThrowIfNull(bisection);
        var versions = bisection.Scans
            .OrderBy(s => s.Version.Version, VersionOrder.Comparer)
            .Select(s => (s.Version.Version, s.Version.PublishedAt, Count: s.Present is { } present ? (present ? 1 : 0) : (int?)null))
            .ToList();
        var behaviour = bisection.Title ?? bisection.Behaviour;
        var markers = new List<(string, string, string)>();
        if (bisection.Introduced is { } introduced)
        {
            markers.Add((ChartMarker.FirstWith, introduced.Version, behaviour));
        }

        if (bisection.Removed is { } removed)
        {
            markers.Add((ChartMarker.FirstWithout, removed.Version, behaviour));
        }

        return Layout(versions, markers);
    }

    /// <summary>Along publish dates when every version has one, else evenly in version order.</summary>
    private static TimelineChart Layout(List<(string Version, DateTimeOffset? PublishedAt, int? Count)> versions, IEnumerable<(string Kind, string Version, string Behaviour)> markers)
    {
        var max = Math.Max(1, versions.Max(v => v.Count) ?? 0);
        var byDate = versions.Count > 1 && versions.All(v => v.PublishedAt is not null);
        var first = byDate ? versions.Min(v => v.PublishedAt!.Value) : default;
        var span = byDate ? (versions.Max(v => v.PublishedAt!.Value) - first).TotalSeconds : 0;
        double XOf(int index, DateTimeOffset? published) =>
            byDate && span > 0 ? Left + (Right - Left) * (published!.Value - first).TotalSeconds / span
            : versions.Count == 1 ? (Left + Right) / 2
            : Left + (Right - Left) * index / (versions.Count - 1);

        var points = versions.Select((v, i) => new ChartPoint(v.Version, v.PublishedAt, v.Count, XOf(i, v.PublishedAt), Bottom - (Bottom - Top) * (v.Count ?? 0) / max)).ToList();
        var placed = markers
            .Select(m => (Marker: m, Point: points.FirstOrDefault(p => p.Version == m.Version)))
            .Where(m => m.Point is not null)
            .Select(m => new ChartMarker(m.Marker.Kind, m.Marker.Version, m.Marker.Behaviour, m.Point!.X))
            .DistinctBy(m => (m.Kind, m.Version))
            .ToList();
        return new TimelineChart(points, placed, max);
    }

    /// <summary>The points joined as a step line: a version's count holds until the next version.</summary>
    public string StepPath()
    {
        var scanned = Points.Where(p => p.Behaviours is not null).ToList();
        if (scanned.Count == 0)
        {
            return "";
        }

        var path = new System.Text.StringBuilder();
        path.Append(CultureInfo.InvariantCulture, $"M{scanned[0].X:0.#},{scanned[0].Y:0.#}");
        for (var i = 1; i < scanned.Count; i++)
        {
            path.Append(CultureInfo.InvariantCulture, $" H{scanned[i].X:0.#} V{scanned[i].Y:0.#}");
        }

        return path.ToString();
    }

    /// <summary>Dates along the x axis as (x, text), at least <paramref name="minGap"/> units apart so labels never overlap; none when the chart is not laid out by date.</summary>
    public IReadOnlyList<(double X, string Text)> DateTicks(double minGap = 170)
    {
        var dated = Points.Where(p => p.PublishedAt is not null).OrderBy(p => p.X).ToList();
        if (dated.Count < 2)
        {
            return [];
        }

        var ticks = new List<(double X, string Text)>();
        foreach (var point in dated)
        {
            if (ticks.Count == 0 || point.X - ticks[^1].X >= minGap)
            {
                ticks.Add((point.X, point.PublishedAt!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }

        return ticks;
    }

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
