using System.Collections.Frozen;

namespace Telltale.Rules;

/// <summary>
/// Finds indicator terms in values. A term counts inside a longer value only at word boundaries, so
/// <c>moonshot</c> is in <c>api.moonshot.ai</c> but <c>ernie</c> is not in <c>bernie</c>.
/// </summary>
public sealed class IndicatorMatcher
{
    private readonly IReadOnlyList<IndicatorSet> _sets;
    private readonly FrozenDictionary<string, string[]> _setsByTerm;

    public IndicatorMatcher(IEnumerable<IndicatorSet> sets)
    {
        _sets = sets.ToArray();
        _setsByTerm = _sets
            .SelectMany(s => s.Terms.Select(t => (Term: t, s.Set)))
            .GroupBy(p => p.Term, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Set).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<IndicatorSet> Sets => _sets;

    /// <summary>Every term of every set, for the raw xor sweep.</summary>
    public IEnumerable<string> AllTerms => _setsByTerm.Keys;

    public bool HasSet(string name) => _sets.Any(s => s.Set == name);

    /// <summary>The set a term belongs to first, or null.</summary>
    public string? SetOf(string term) => _setsByTerm.TryGetValue(term, out var sets) ? sets[0] : null;

    /// <summary>Terms of <paramref name="setNames"/> equal to <paramref name="value"/> (case-insensitive).</summary>
    public IEnumerable<string> MatchExact(string value, IReadOnlyCollection<string> setNames) =>
        _setsByTerm.TryGetValue(value, out var sets) && sets.Any(setNames.Contains) ? [value] : [];

    /// <summary>Distinct terms of <paramref name="setNames"/> found in any of <paramref name="values"/>.</summary>
    public IReadOnlyList<string> MatchWithin(IEnumerable<string> values, IReadOnlyCollection<string> setNames)
    {
        var found = new List<string>();
        var valueList = values as IReadOnlyList<string> ?? values.ToArray();
        foreach (var set in _sets)
        {
            if (!setNames.Contains(set.Set))
            {
                continue;
            }

            foreach (var term in set.Terms)
            {
                if (!found.Contains(term, StringComparer.OrdinalIgnoreCase) && valueList.Any(v => ContainsAtBoundary(v, term)))
                {
                    found.Add(term);
                }
            }
        }

        return found;
    }

    private static bool ContainsAtBoundary(string value, string term)
    {
        var start = 0;
        while (true)
        {
            var index = value.IndexOf(term, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return false;
            }

            var end = index + term.Length;
            var before = index == 0 || !char.IsLetterOrDigit(value[index - 1]);
            var after = end == value.Length || !char.IsLetterOrDigit(value[end]);
            if (before && after)
            {
                return true;
            }

            start = index + 1;
        }
    }
}
