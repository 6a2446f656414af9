using Telltale.Findings;

namespace Telltale.Tracking;

/// <summary>
/// What a finding means, independent of where it is: two releases of a minified tool put the same
/// check at other offsets under other names, so findings are matched across versions by rule,
/// capabilities and the values that define them, never by location.
/// </summary>
public static class FindingIdentity
{
    /// <summary>Characters of evidence kept in a key: enough to tell two fingerprints apart, short enough to store.</summary>
    private const int MaxEvidenceChars = 200;

    /// <summary>The prefix of the capabilities a rule adds per matched indicator term (<c>indicator:moonshot</c>).</summary>
    public const string IndicatorPrefix = "indicator:";

    /// <summary>
    /// The key findings are grouped by across versions. A behaviour (TT2001 and any finding with a
    /// behaviour tree) is keyed by its capabilities and the characters its channels choose between; a
    /// list (a finding with items) by rule and capabilities only, since its entries are what a diff
    /// compares; anything else by rule, capabilities and its decoded (or literal) evidence.
    /// </summary>
    public static string Key(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        // indicator:TERM capabilities restate which indicator terms the evidence or items contain, so a list
        // that gains one lab name (or a rule pack that learns one) would otherwise change its key and show
        // as removed and added rather than as changed.
        var capabilities = string.Join(",", finding.Capabilities
            .Where(c => !c.StartsWith(IndicatorPrefix, StringComparison.Ordinal))
            .Where(c => !c.StartsWith("list.", StringComparison.Ordinal) || finding.Behaviour is null)
            .Order(StringComparer.Ordinal));
        if (finding.Behaviour is { } behaviour)
        {
            var choices = behaviour.Steps()
                .Where(s => s.Kind is BehaviourStepKind.Channel or BehaviourStepKind.Transform)
                .Select(s => string.Join("", s.Values.Order(StringComparer.Ordinal)))
                .Order(StringComparer.Ordinal);
            return $"{finding.RuleId}|{capabilities}|{string.Join(";", choices)}";
        }

        if (finding.Items.Count > 0)
        {
            return $"{finding.RuleId}|{capabilities}";
        }

        var evidence = (finding.Evidence.Decoded ?? finding.Evidence.Text).Trim();
        if (evidence.Length > MaxEvidenceChars)
        {
            evidence = evidence[..MaxEvidenceChars];
        }

        return $"{finding.RuleId}|{capabilities}|{evidence}";
    }

    /// <summary>
    /// How alike two lists are (Jaccard index of their items): pairs same-key lists across versions. A
    /// behaviour finding has no items of its own; its lists are the values of its list steps.
    /// </summary>
    public static double ItemSimilarity(Finding a, Finding b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var left = ComparedItems(a).ToHashSet(StringComparer.Ordinal);
        var right = ComparedItems(b).ToHashSet(StringComparer.Ordinal);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        var shared = right.Count(left.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    /// <summary>
    /// The entries a diff compares: a list finding's items, or for a behaviour the values of its list
    /// steps (the hidden lists its comparisons use), each once.
    /// </summary>
    public static IReadOnlyList<string> ComparedItems(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Items.Count > 0 || finding.Behaviour is not { } behaviour)
        {
            return finding.Items;
        }

        return behaviour.Steps()
            .Where(s => s.Kind == BehaviourStepKind.List)
            .SelectMany(s => s.Values)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
