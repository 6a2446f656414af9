using Telltale.Findings;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Sandbox;

namespace Telltale.Scanning;

/// <summary>What one entry contributed to a scan.</summary>
/// <param name="Path">The entry's path.</param>
/// <param name="Findings">Everything but the behaviour analysis's findings.</param>
/// <param name="BehaviourFindings">The behaviour analysis's findings, kept apart: the scan drops them when the scan's sandbox budget makes them depend on scheduling.</param>
/// <param name="Meter">The sandbox work of the entry's behaviour analysis, when it ran.</param>
/// <param name="Incomplete">The entry's analyses that were cut short.</param>
internal sealed record EntryResult(
    string Path,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Finding> BehaviourFindings,
    IReadOnlyList<ObfuscationScheme> Schemes,
    int Literals,
    int DecodedLiterals,
    SandboxWorkMeter? Meter,
    IReadOnlyList<IncompleteAnalysis> Incomplete)
{
    /// <summary>The script's text, kept to be linked with the files it requires or imports, or that import it.</summary>
    public PackageScript? Script { get; init; }

    /// <summary>True when the script's behaviour analysis waits for the package's other scripts (it requires or imports one).</summary>
    public bool BehaviourDeferred { get; init; }
}
