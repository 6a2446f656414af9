namespace Telltale.Probing;

/// <summary>
/// Finds the smallest conjunction of factor conditions that holds in exactly the variants where a difference
/// appears and in none of the other variants that were observed. Single conditions are tried before pairs and
/// pairs are the limit: a longer conjunction fitted to a handful of variants would explain anything, and so
/// nothing.
/// </summary>
internal static class FactorAttributor
{
    public static FactorAttribution Explain(
        IReadOnlyCollection<string> appearsIn,
        IReadOnlyCollection<string> observed,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> environments)
    {
        var factors = observed
            .SelectMany(variant => environments[variant].Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        var singles = factors
            .Select(factor => Condition(factor, appearsIn, environments))
            .OfType<FactorCondition>()
            .Select(condition => new FactorConjunction([condition]))
            .Where(conjunction => Fits(conjunction, appearsIn, observed, environments))
            .ToArray();
        if (singles.Length > 0)
        {
            return new FactorAttribution(singles);
        }

        var pairs = new List<FactorConjunction>();
        for (var i = 0; i < factors.Length; i++)
        {
            for (var j = i + 1; j < factors.Length; j++)
            {
                if (Condition(factors[i], appearsIn, environments) is { } first
                    && Condition(factors[j], appearsIn, environments) is { } second)
                {
                    var conjunction = new FactorConjunction([first, second]);
                    if (Fits(conjunction, appearsIn, observed, environments))
                    {
                        pairs.Add(conjunction);
                    }
                }
            }
        }

        return pairs.Count > 0 ? new FactorAttribution(pairs) : FactorAttribution.Unexplained;
    }

    /// <summary>
    /// The only condition on <paramref name="factor"/> that could fit: the factor set, to any value it takes
    /// where the difference appears. Null when some of those variants leave it unset.
    /// </summary>
    private static FactorCondition? Condition(
        string factor,
        IReadOnlyCollection<string> appearsIn,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> environments)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var variant in appearsIn)
        {
            if (!environments[variant].TryGetValue(factor, out var value))
            {
                return null;
            }

            values.Add(value);
        }

        return new FactorCondition(factor, [.. values]);
    }

    private static bool Fits(
        FactorConjunction conjunction,
        IReadOnlyCollection<string> appearsIn,
        IReadOnlyCollection<string> observed,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> environments) =>
        observed.All(variant => conjunction.HoldsFor(environments[variant]) == appearsIn.Contains(variant));
}
