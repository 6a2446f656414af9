namespace Telltale.Cli;

/// <summary>The documented exit codes (README, docs/cli.md); scripts and CI depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the --fail-on threshold.</summary>
    public const int Clean = 0;

    /// <summary>At least one finding at or above the threshold.</summary>
    public const int FindingsAtThreshold = 1;

    /// <summary>Bad usage, or a target, rule pack or output that cannot be read or written.</summary>
    public const int UsageOrInput = 2;

    /// <summary>
    /// <c>scan --require-platform</c>: a package scanned has platform packages but none for the platform, so its
    /// program was not scanned. The same code as <see cref="UsageOrInput"/>: like an unreadable target, the scan could
    /// not look at what would run, and it takes precedence over <see cref="FindingsAtThreshold"/>.
    /// </summary>
    public const int PlatformPackageMissing = UsageOrInput;

    /// <summary><c>check</c>: an item is banned and the ban is in force (the same code as findings at the threshold: act on it).</summary>
    public const int BannedInForce = FindingsAtThreshold;

    /// <summary><c>check</c>: nothing banned in force, but something is banned from a later date, restricted or under review.</summary>
    public const int PolicyWarnings = 3;

    /// <summary>A bug: an exception no command expected, printed (escaped) on standard error.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
