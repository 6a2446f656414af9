using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tracking;

/// <summary>Every request is a new scan: for tests and for <c>--no-store</c>.</summary>
public sealed class ScannerSource(Scanner scanner) : IScanSource
{
    public Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default) =>
        scanner.ScanAsync(target, progress, cancellationToken);
}
