using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// Which scan a version's answer came from, so a timeline can be cited as evidence: the target's sha256 (what
/// <c>report show</c> opens), the platform whose packages were scanned with it, and the native executables
/// found in it.
/// </summary>
public sealed record VersionScan(string Sha256, string? Platform, IReadOnlyList<ScannedExecutable> Executables)
{
    public static VersionScan From(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var executables = report.Payloads
            .Where(p => p.ExecutableSha256 is not null)
            .Select(p => new ScannedExecutable(p.Path, p.ExecutableSha256!))
            .DistinctBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        return new VersionScan(report.Target.Sha256, report.Target.Platform, executables);
    }
}
