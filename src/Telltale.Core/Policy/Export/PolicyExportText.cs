using System.Globalization;
using System.Text;

namespace Telltale.Policy.Export;

/// <summary>The sentences and timestamps every export format shares, so that they say the same thing the same way.</summary>
internal static class PolicyExportText
{
    /// <summary>RFC 3339 in UTC with a <c>Z</c> and whole seconds: OSV's schema accepts only the <c>Z</c> form.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Midnight UTC of <paramref name="day"/>: a decision is dated by day, and UTC keeps the export independent of where it runs.</summary>
    public static string Timestamp(DateOnly day) =>
        day.ToString("yyyy'-'MM'-'dd'T00:00:00Z'", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    /// <summary>When the decision is made for a machine at <paramref name="asOf"/>: no date, or its enforcement has begun.</summary>
    public static bool InForce(PolicyEntry entry, DateTimeOffset asOf) =>
        entry.Effective is null || entry.Effective.EnforcedAt <= asOf;

    /// <summary><c>from 2026-07-10 (Europe/Berlin), enforced from 2026-07-17 after 7 days' grace</c>, or null when in force already.</summary>
    public static string? Effective(EffectiveDate? effective)
    {
        if (effective is null)
        {
            return null;
        }

        string text = $"from {Day(effective.Date)} ({effective.TimeZone})";
        return effective.GraceDays > 0
            ? $"{text}, enforced from {Day(effective.EnforcedFrom)} after {effective.GraceDays} days' grace"
            : text;
    }

    /// <summary>
    /// <c>npm:@openai/codex (checked 2026-07-01: no findings at high or above, version 0.9.0, scan 0123456789ab)</c>:
    /// the spec first, since that is what a user acts on, then the evidence that it was checked.
    /// </summary>
    public static string Alternative(PolicyAlternative alternative)
    {
        var facts = new List<string>();
        string? finding = alternative.Highest switch
        {
            null => null,
            "none" => "no findings",
            "low" or "medium" => $"highest finding {alternative.Highest}, none at high or above",
            _ => $"highest finding {alternative.Highest}",
        };
        if (finding is not null)
        {
            facts.Add(alternative.CheckedOn is { } on ? $"checked {Day(on)}: {finding}" : $"checked: {finding}");
        }
        else if (alternative.CheckedOn is { } on)
        {
            facts.Add($"checked {Day(on)}");
        }

        if (alternative.Version is not null)
        {
            facts.Add($"version {alternative.Version}");
        }

        if (alternative.Scan is not null)
        {
            // Twelve hex digits name a stored scan unambiguously in practice and keep a one-line message short.
            facts.Add($"scan {(alternative.Scan.Length > 12 ? alternative.Scan[..12] : alternative.Scan)}");
        }

        return facts.Count == 0 ? alternative.Spec : $"{alternative.Spec} ({string.Join(", ", facts)})";
    }

    /// <summary>What to do about an entry, one sentence: the verb its status calls for and the alternatives.</summary>
    public static string Action(PolicyEntry entry)
    {
        var text = new StringBuilder(entry.Status switch
        {
            PolicyStatus.Banned => "Remove",
            PolicyStatus.Restricted => "Use only under the conditions the policy states",
            PolicyStatus.Review => "Avoid new installs until the review ends",
            _ => "No action needed",
        });
        if (entry.Status == PolicyStatus.Banned && Effective(entry.Effective) is { } from)
        {
            text.Append(' ').Append(from);
        }

        if (entry.Alternatives.Count > 0)
        {
            text.Append("; use ").Append(string.Join(" or ", entry.Alternatives.Select(Alternative))).Append(" instead");
        }

        return text.Append('.').ToString();
    }
}
