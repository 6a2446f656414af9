namespace Telltale.Findings;

/// <summary>
/// One analysis of one file that did not run to its end: a budget, a size limit, a damaged container or a failure
/// cut it short. A report with any is not complete, whatever its findings say.
/// </summary>
/// <param name="Path">The file (or container) whose analysis is incomplete.</param>
/// <param name="Analysis">Which analysis: <c>behaviour</c>, <c>text</c>, <c>entry</c>, <c>platform</c>, …</param>
/// <param name="Reason">One line on what cut it short.</param>
/// <param name="Reproducible">
/// False when the cause depends on the machine (a wall-clock backstop, a crash): such a report is never kept in the
/// result store, since a rescan may find more.
/// </param>
public sealed record IncompleteAnalysis(string Path, string Analysis, string Reason, bool Reproducible = true)
{
    /// <summary>
    /// The <see cref="Analysis"/> of a package that has platform packages but none for the platform: its program was
    /// not scanned. Every report says it first, and <c>scan --require-platform</c> exits 2 on it.
    /// </summary>
    public const string PlatformAnalysis = "platform";

    /// <summary>The <see cref="Analysis"/> of a dependency that <c>scan --deps</c> could not resolve or scan.</summary>
    public const string DependenciesAnalysis = "dependencies";
}
