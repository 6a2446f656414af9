using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking.Store;

namespace Telltale.Policy.Suggestion;

/// <summary>
/// Turns <c>npm:NAME[@VERSION]</c> into an alternative backed by its newest stored scan, and refuses one that scan
/// found anything at high or above in: recommending a tool with its own hidden behaviour would repeat the problem.
/// </summary>
public static class AlternativeCheck
{
    /// <exception cref="PolicyException">when the spec is not an npm one, nothing of it is stored, or its scan is not clean enough.</exception>
    public static PolicyAlternative FromStore(ScanStore store, string spec)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.StartsWith(NpmPackageSpec.Prefix, StringComparison.Ordinal))
        {
            throw new PolicyException($"alternative {spec}: only npm:NAME[@VERSION] can be checked against stored scans; add editor extensions to the policy by hand");
        }

        NpmPackageSpec parsed;
        try
        {
            parsed = NpmPackageSpec.Parse(spec);
        }
        catch (TargetException error)
        {
            throw new PolicyException($"alternative {spec}: {error.Message}", error);
        }

        var scan = store.List(parsed.Name)
            .Where(s => s.Source == TargetResolver.NpmSource && s.Name == parsed.Name && (parsed.Version is null || s.Version == parsed.Version))
            .OrderByDescending(s => s.ScannedAt)
            .FirstOrDefault()
            ?? throw new PolicyException($"alternative {spec} has no stored scan: scan it first (telltale scan {spec})");
        var highest = Highest(scan);
        if (highest >= Severity.High)
        {
            throw new PolicyException($"alternative {spec} is not clean: its latest scan ({scan.Label}, {scan.Sha256[..12]}) has {highest!.Value.ToName()} findings");
        }

        return new PolicyAlternative(parsed.Version is null ? spec : $"{NpmPackageSpec.Prefix}{parsed.Name}")
        {
            Scan = scan.Sha256,
            Version = scan.Version,
            Highest = highest?.ToName() ?? "none",
            CheckedOn = DateOnly.FromDateTime(scan.ScannedAt.UtcDateTime),
        };
    }

    private static Severity? Highest(StoredScanSummary scan) =>
        scan.Critical > 0 ? Severity.Critical
        : scan.High > 0 ? Severity.High
        : scan.Medium > 0 ? Severity.Medium
        : scan.Low > 0 ? Severity.Low
        : scan.Info > 0 ? Severity.Info
        : null;
}
