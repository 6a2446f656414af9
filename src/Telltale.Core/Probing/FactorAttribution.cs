namespace Telltale.Probing;

/// <summary>
/// Which factors explain a difference. Each alternative holds in exactly the variants where the difference
/// appears; there is more than one when the variants cannot tell the factors apart (two factors that were
/// only ever set together). No alternative means no conjunction of up to two conditions fits: unexplained.
/// </summary>
public sealed record FactorAttribution(IReadOnlyList<FactorConjunction> Alternatives)
{
    public static readonly FactorAttribution Unexplained = new([]);

    public bool IsExplained => Alternatives.Count > 0;

    public override string ToString() => IsExplained ? string.Join(" | ", Alternatives) : "unexplained";
}
