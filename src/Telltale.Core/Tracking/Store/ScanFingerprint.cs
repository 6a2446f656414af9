using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telltale.Rules;
using Telltale.Scanning;

namespace Telltale.Tracking.Store;

/// <summary>
/// What besides the artifact decides a scan's findings: the tool version, the merged rule pack and every
/// scan option. Two scans with the same fingerprint of the same artifact give the same report, so a
/// stored one may stand in; a scan with extra rules or <c>--no-behaviour</c> gets another fingerprint
/// and is never handed to a default scan.
/// </summary>
public static class ScanFingerprint
{
    // Reflection over the option and rule records, so a field added to either later changes the
    // fingerprint without anyone remembering to list it here.
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>Lower-case hex sha256 over the tool version, the options and the rule pack (the embedded default when <see cref="ScanOptions.Rules"/> is unset).</summary>
    public static string Compute(ScanOptions options, string? toolVersion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.Rules ?? RulePackLoader.LoadDefault();

        // The pack's name and version are labels ("merged" after RulePackLoader.Load, the file's own for
        // the default alone): only its sets and rules change findings.
        var text = string.Join('\n',
            $"telltale {toolVersion ?? Scanner.ToolVersion}",
            JsonSerializer.Serialize(options with { Rules = null }, Canonical),
            JsonSerializer.Serialize(rules.Indicators, Canonical),
            JsonSerializer.Serialize(rules.Rules, Canonical));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
