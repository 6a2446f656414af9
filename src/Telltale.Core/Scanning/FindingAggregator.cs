using Telltale.Findings;

namespace Telltale.Scanning;

/// <summary>
/// Folds the findings a rule raises on many strings of one scheme into one finding whose items are
/// the strings, so a scheme hiding thousands of literals reads as a summary, not a flood.
/// </summary>
internal static class FindingAggregator
{
    private const int MaxItems = 200;

    public static IEnumerable<Finding> PerRule(IEnumerable<Finding> findings)
    {
        foreach (var group in findings.GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (members.Count == 1)
            {
                yield return members[0];
                continue;
            }

            var first = members[0];
            var values = members.Select(f => f.Evidence.Decoded ?? f.Evidence.Text).Distinct(StringComparer.Ordinal).ToList();
            yield return first with
            {
                Title = $"{first.Title} ({members.Count} strings)",
                Severity = members.Max(f => f.Severity),
                Confidence = members.Min(f => f.Confidence),
                Capabilities = members.SelectMany(f => f.Capabilities).Distinct(StringComparer.Ordinal).ToArray(),
                Items = values.Take(MaxItems).ToArray(),
            };
        }
    }
}
