using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>A watched package.</summary>
internal sealed record WatchResponse(long Id, string Package, string? Range, string Platform, string? Baseline, DateTimeOffset AddedAt, string AddedBy)
{
    public static WatchResponse From(WatchedPackage watch) =>
        new(watch.Id, watch.Package, watch.Range, watch.Platform, watch.Baseline, watch.AddedAt, watch.AddedBy);
}
