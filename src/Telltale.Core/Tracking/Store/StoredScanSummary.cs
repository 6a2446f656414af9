namespace Telltale.Tracking.Store;

/// <summary>One stored scan as <c>report list</c> shows it, read from the table without decoding the report.</summary>
public sealed record StoredScanSummary
{
    /// <summary>The row, for <see cref="ScanStore.Read"/>.</summary>
    public required long Id { get; init; }

    /// <summary>The target artifact's sha256 (lower-case hex); platform packages are not part of it.</summary>
    public required string Sha256 { get; init; }

    public required string Name { get; init; }
    public string? Version { get; init; }

    /// <summary><c>npm</c>, <c>file</c> or <c>directory</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The platform whose platform packages were scanned with the target; null when none were.</summary>
    public string? Platform { get; init; }

    public required string ToolVersion { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }

    /// <summary>The <see cref="ScanFingerprint"/> of the rules and options the scan ran with.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The rules and options behind <see cref="Fingerprint"/>; null for scans saved before they were kept, or by a caller that did not say.</summary>
    public ScanSettings? Settings { get; init; }

    /// <summary>For an npm scan, the <c>--platform</c> values it answers for (<c>none</c> for the package alone); empty otherwise.</summary>
    public IReadOnlyList<string> NpmPlatforms { get; init; } = [];

    public int Critical { get; init; }
    public int High { get; init; }
    public int Medium { get; init; }
    public int Low { get; init; }
    public int Info { get; init; }

    /// <summary><c>name@version</c>, or the name alone for a target without a version.</summary>
    public string Label => Version is null ? Name : $"{Name}@{Version}";
}
