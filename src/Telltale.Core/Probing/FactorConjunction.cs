namespace Telltale.Probing;

/// <summary>Conditions that must all hold; together they hold in exactly the variants showing a difference.</summary>
public sealed record FactorConjunction(IReadOnlyList<FactorCondition> Conditions)
{
    public bool HoldsFor(IReadOnlyDictionary<string, string> environment) => Conditions.All(c => c.HoldsFor(environment));

    public override string ToString() => string.Join(" ∧ ", Conditions);
}
