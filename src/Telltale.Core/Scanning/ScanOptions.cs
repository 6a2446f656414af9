using Telltale.Rules;

namespace Telltale.Scanning;

/// <summary>What a scan needs besides its target.</summary>
public sealed record ScanOptions
{
    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>The merged rule pack; the embedded default when not set.</summary>
    public RulePack? Rules { get; init; }

    /// <summary>Parse JavaScript and look for covert channels (<see cref="JavaScript.BehaviourAnalyzer"/>).</summary>
    public bool AnalyzeBehaviour { get; init; } = true;

    /// <summary>Indicators shorter than this are left out of the raw xor sweep: a 4-byte term matches random bytes under some key every few megabytes.</summary>
    public int MinSweepIndicatorLength { get; init; } = 6;

    /// <summary>
    /// Indicators with few distinct characters ("bilibili") are left out of the sweep too: under some
    /// key their repeating shape matches runs of punctuation such as <c>,'"','"'</c>.
    /// </summary>
    public int MinSweepIndicatorDistinctChars { get; init; } = 5;

    /// <summary>
    /// Entries scanned at once; null for one per core. It changes how long a scan takes, never what it finds, so it
    /// is not part of a stored scan's fingerprint.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? Parallelism { get; init; }
}
