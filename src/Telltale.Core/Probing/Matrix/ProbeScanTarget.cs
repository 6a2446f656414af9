namespace Telltale.Probing.Matrix;

/// <summary>
/// What a probe scans to choose its variants for a command line (<see cref="ProbeScanTargetFinder"/>): a target for the
/// scanner (a path or <c>npm:NAME@VERSION</c>) and what it is, or, when there is none, why.
/// </summary>
public sealed record ProbeScanTarget
{
    private ProbeScanTarget(string? target, string description)
    {
        Target = target;
        Description = description;
    }

    /// <summary>A path or an <c>npm:</c> spec the scanner takes; null when nothing scannable was identified.</summary>
    public string? Target { get; }

    /// <summary>What is scanned and why (<c>package folder /p (the package of script /p/cli.js)</c>), or why nothing is.</summary>
    public string Description { get; }

    public static ProbeScanTarget Of(string target, string description) => new(target, description);

    public static ProbeScanTarget None(string reason) => new(null, reason);
}
