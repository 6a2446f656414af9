using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>One version of a watch and where its scan stands: queued, scanned (and compared), or failed.</summary>
internal sealed record WatchVersionResponse(
    string Version, string? PreviousVersion, string State, DateTimeOffset ClaimedAt, DateTimeOffset? CompletedAt, bool Compared, int Scans, int Runs, string? Failure)
{
    public static WatchVersionResponse From(WatchedVersion version) =>
        new(version.Version, version.PreviousVersion,
            version.CompletedAt is not null ? "scanned" : version.Failure is not null ? "failed" : "queued",
            version.ClaimedAt, version.CompletedAt, version.Compared, version.Scans, version.Runs, version.Failure);
}
