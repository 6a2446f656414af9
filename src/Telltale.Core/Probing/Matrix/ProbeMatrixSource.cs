namespace Telltale.Probing.Matrix;

/// <summary>
/// Where a matrix came from, so a report can be read knowing what was tested and why: the defaults (and, when the
/// probe fell back to them, the reason), a matrix file, or a scan with the sha256 of what was scanned.
/// </summary>
public sealed record ProbeMatrixSource(ProbeMatrixOrigin Origin, string Description)
{
    public static ProbeMatrixSource Defaults { get; } = new(ProbeMatrixOrigin.Defaults, "the built-in defaults");

    /// <summary>The sha256 of the artifact scanned (the store's key for it), when the matrix came from a scan.</summary>
    public string? Sha256 { get; init; }

    /// <summary>True when the scan was not made now but read from the result store.</summary>
    public bool FromStore { get; init; }

    /// <summary>How many variants the scan's findings gave, before the defaults were added.</summary>
    public int DerivedVariants { get; init; }

    public static ProbeMatrixSource FromFile(string path) => new(ProbeMatrixOrigin.File, $"matrix file {path}");

    /// <summary>The defaults, with the one-line reason they were used instead of a scan.</summary>
    public static ProbeMatrixSource FallBack(string reason) => new(ProbeMatrixOrigin.Defaults, $"the built-in defaults ({reason})");

    /// <summary>One line for every view, e.g. <c>scan of … (sha256 4fb4dae771d6, from the result store): 9 variants derived, then the defaults</c>.</summary>
    public string Summary()
    {
        var details = new List<string>();
        if (Sha256 is { Length: > 0 } sha256)
        {
            details.Add($"sha256 {sha256[..Math.Min(12, sha256.Length)]}");
        }

        if (FromStore)
        {
            details.Add("from the result store");
        }

        var text = details.Count == 0 ? Description : $"{Description} ({string.Join(", ", details)})";
        return Origin is ProbeMatrixOrigin.Scan or ProbeMatrixOrigin.ScanReport
            ? DerivedVariants == 0 ? $"{text}: nothing to vary found, the defaults" : $"{text}: {DerivedVariants} variants derived, then the defaults"
            : text;
    }
}
