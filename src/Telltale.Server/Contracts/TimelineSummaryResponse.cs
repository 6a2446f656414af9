using Telltale.Tracking.Store;

namespace Telltale.Server.Contracts;

/// <summary>One stored history or bisection in <c>GET /api/v1/histories</c>; the document itself is <c>GET /api/v1/histories/{key}</c>.</summary>
internal sealed record TimelineSummaryResponse(
    long Id, string Key, string Kind, string Package, string? Range, string? Platform, string? Behaviour, string ToolVersion, DateTimeOffset MadeAt)
{
    public static TimelineSummaryResponse From(StoredTimeline timeline) => new(
        timeline.Id, timeline.Key, timeline.Kind, timeline.Package, timeline.Range, timeline.Platform, timeline.Behaviour, timeline.ToolVersion, timeline.MadeAt);
}
