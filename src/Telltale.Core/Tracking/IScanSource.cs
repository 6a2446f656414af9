using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tracking;

/// <summary>
/// Where the tracking verbs (diff, history, watch) get a report for a target: a fresh scan, or a stored
/// one when the same artifact was scanned before with the same tool and rules.
/// </summary>
public interface IScanSource
{
    /// <exception cref="Artifacts.TargetException">when the target cannot be had; the message is one printable line.</exception>
    Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default);
}
