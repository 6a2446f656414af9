using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>How a stored scan is named to the user: which artifact, and how it was scanned.</summary>
internal static class StoredScanText
{
    /// <summary>Digits of a sha256 shown: as many as git shows of a commit, and enough for <c>report show</c>.</summary>
    public const int ShownSha256Digits = 12;

    public static string Short(string sha256) => sha256[..Math.Min(ShownSha256Digits, sha256.Length)];

    /// <summary><c>name@version (sha256 …)</c>.</summary>
    public static string Artifact(StoredScanSummary scan) => $"{scan.Label} (sha256 {Short(scan.Sha256)})";

    /// <summary>The rules, the behaviour analysis, the platform and the tool version, as <c>scan</c> options would choose them.</summary>
    public static string Settings(StoredScanSummary scan)
    {
        var (rules, behaviour) = scan.Settings is { } settings
            ? (Rules(settings.RulePacks), settings.AnalyzeBehaviour ? "on" : "off")
            : Inferred(scan);
        var platform = scan.Platform is { } name ? $"platform {name}" : "no platform packages";
        return $"rules {rules} · behaviour analysis {behaviour} · {platform} · telltale {scan.ToolVersion}, scanned {ReportCommand.StoredTime(scan.ScannedAt)}";
    }

    private static string Rules(IReadOnlyList<RulePackFile> packs) =>
        packs.Count == 0
            ? "embedded default"
            : "embedded default + " + string.Join(", ", packs.Select(p => $"{p.Name} (sha256 {Short(p.Sha256)})"));

    // Scans saved before the settings were kept: the default rules with or without the behaviour analysis
    // are recognised by their fingerprint; anything else was made with rule packs nobody wrote down.
    private static (string Rules, string Behaviour) Inferred(StoredScanSummary scan)
    {
        foreach (var analyzeBehaviour in new[] { true, false })
        {
            if (ScanFingerprint.Compute(new ScanOptions { AnalyzeBehaviour = analyzeBehaviour }, scan.ToolVersion) == scan.Fingerprint)
            {
                return ("embedded default", analyzeBehaviour ? "on" : "off");
            }
        }

        return ($"not recorded (fingerprint {Short(scan.Fingerprint)})", "not recorded");
    }
}
