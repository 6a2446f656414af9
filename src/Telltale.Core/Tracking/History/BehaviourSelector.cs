using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// Which findings count as "the behaviour" a bisection looks for: those at or above a minimum severity,
/// further narrowed to one <see cref="FindingIdentity.Key"/> or to one rule.
/// </summary>
public sealed class BehaviourSelector
{
    private readonly Func<Finding, bool> _matches;

    private BehaviourSelector(string description, Func<Finding, bool> matches)
    {
        Description = description;
        _matches = matches;
    }

    /// <summary>For people: "TT2001 findings at critical or above".</summary>
    public string Description { get; }

    /// <summary>
    /// Reads <c>--behaviour</c>: nothing for any finding at or above <paramref name="minSeverity"/>; a text with
    /// <c>|</c> for exactly that key (as a timeline prints it); anything else for a rule id (<c>TT2001</c>).
    /// </summary>
    public static BehaviourSelector Parse(string? text, Severity minSeverity)
    {
        var level = $"at {minSeverity.ToName()} or above";
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return new BehaviourSelector($"any finding {level}", f => f.Severity >= minSeverity);
        }

        // Keys hold '|' between their parts (FindingIdentity.Key); rule ids never do.
        if (trimmed.Contains('|', StringComparison.Ordinal))
        {
            var key = text!;
            return new BehaviourSelector($"the behaviour {Reports.ReportText.Quote(key, 80)} {level}",
                f => f.Severity >= minSeverity && string.Equals(FindingIdentity.Key(f), key, StringComparison.Ordinal));
        }

        return new BehaviourSelector($"{trimmed} findings {level}",
            f => f.Severity >= minSeverity && string.Equals(f.RuleId, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _matches(finding);
    }

    /// <summary>The most severe matching finding of a report (the first in report order when tied); null when none matches.</summary>
    public Finding? FirstMatch(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Findings.Where(_matches).OrderByDescending(f => f.Severity).FirstOrDefault();
    }

    public override string ToString() => Description;
}
