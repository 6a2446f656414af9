namespace Telltale.Policy;

/// <summary>An OSV range of type SEMVER: events in version order, each introduced followed by at most one fixed or last_affected.</summary>
public sealed record AffectedRange(IReadOnlyList<RangeEvent> Events)
{
    /// <summary>OSV's range type; only SEMVER is read, since every ecosystem here versions by semver.</summary>
    public string Type => "SEMVER";
}
