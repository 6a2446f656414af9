using Telltale.Scanning;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// Limits much tighter than the defaults, so a bound that is not enforced shows up within one input of a
/// few megabytes rather than after gigabytes.
/// </summary>
internal static class FuzzLimits
{
    public static ScanLimits Scan { get; } = new()
    {
        MaxEntryBytes = 16L * 1024 * 1024,
        MaxTotalBytes = 48L * 1024 * 1024,
        MaxEntries = 2_000,
        RatioFloorBytes = 1024 * 1024,
        MaxCompressionRatio = 200,
        MaxDecompressedBytes = 4 * 1024 * 1024,
        MaxAnalyzedScriptBytes = 8 * 1024 * 1024,
    };

    /// <summary>The pkg reader's own bound on what it inflates, passed explicitly.</summary>
    public const long PkgMaxDecompressedBytes = 16L * 1024 * 1024;

    /// <summary>Binary inputs are kept under this; large enough for every seed and for a mapped (≥ 1 MiB) file.</summary>
    public const int MaxBinaryInputBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Scripts and reports are kept under this. Parsing pathological nesting runs at about 0.1 MB/s (a 4 MB
    /// script of nested brackets takes 36 s): larger inputs would measure the parser's speed, not find bugs.
    /// </summary>
    public const int MaxTextInputBytes = 1024 * 1024;
}
