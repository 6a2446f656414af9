using Telltale.Findings;

namespace Telltale.Tracking.Store;

/// <summary>A report and whether it came from the store, so a front end can say it was not scanned now.</summary>
public sealed record StoredScanResult(ScanReport Report, bool FromStore);
