using System.Globalization;
using Telltale.Inventory;

namespace Telltale.Policy.Compliance;

/// <summary>
/// Judges every item of an inventory against a policy at one instant. An item is tied to an entry by the sha256
/// of a native build, by the npm package a native executable embeds, or by ecosystem, name and version; when
/// several entries name it the strictest wins. A package an entry names, at a version the entry does not cover,
/// is allowed, and the verdict says which entry it is outside of.
/// </summary>
public static class PolicyChecker
{
    public static ComplianceReport Check(PolicyDocument policy, MachineInventory inventory, string subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inventory);
        var index = new EntryIndex(policy);
        var verdicts = inventory.Items
            .Select(item => Judge(index, item, now))
            .OrderByDescending(v => v.IsFailure)
            .ThenByDescending(v => v.IsWarning)
            .ThenBy(v => v.Entry is null)
            .ThenBy(v => v.Item.Name, StringComparer.Ordinal)
            .ThenBy(v => v.Item.Version ?? "", VersionOrder.Comparer)
            .ThenBy(v => v.Item.Path, StringComparer.Ordinal)
            .ToList();
        return new ComplianceReport(policy.Name, policy.Files, subject, now, verdicts) { Problems = inventory.Problems };
    }

    public static ComplianceVerdict Judge(PolicyDocument policy, InventoryItem item, DateTimeOffset now) => Judge(new EntryIndex(policy), item, now);

    private static ComplianceVerdict Judge(EntryIndex index, InventoryItem item, DateTimeOffset now)
    {
        var matches = new List<(PolicyEntry Entry, ComplianceMatch Match)>();
        var named = new List<PolicyEntry>();
        if (item.Sha256 is { } sha256)
        {
            matches.AddRange(index.BySha256(sha256).Select(e => (e, ComplianceMatch.Sha256)));
        }

        if (item.EmbeddedPackage is { } embedded)
        {
            foreach (var (entry, affected) in index.ByName(PolicyEcosystems.Npm, embedded))
            {
                named.Add(entry);
                if (affected.Covers(item.EmbeddedVersion))
                {
                    matches.Add((entry, ComplianceMatch.EmbeddedPackage));
                }
            }
        }

        foreach (var (entry, affected) in index.ByName(item.Ecosystem, item.Name))
        {
            named.Add(entry);
            if (affected.Covers(item.Version))
            {
                matches.Add((entry, ComplianceMatch.Package));
            }
        }

        if (matches.Count == 0)
        {
            return named.Count == 0
                ? new ComplianceVerdict(item, ComplianceOutcome.NotListed, null, ComplianceMatch.None, "not listed")
                : new ComplianceVerdict(item, ComplianceOutcome.Allowed, named[0], ComplianceMatch.None,
                    $"allowed: {VersionText(item)} is not among the versions {named[0].Id} covers");
        }

        return matches
            .Select(m => Verdict(item, m.Entry, m.Match, now))
            .OrderByDescending(v => v.Outcome)
            .ThenBy(v => v.EnforcedFrom ?? DateOnly.MinValue)
            .ThenBy(v => v.Entry!.Id, StringComparer.Ordinal)
            .First();
    }

    private static string VersionText(InventoryItem item) =>
        item.Version ?? item.EmbeddedVersion ?? "an unknown version";

    private static ComplianceVerdict Verdict(InventoryItem item, PolicyEntry entry, ComplianceMatch match, DateTimeOffset now)
    {
        var effective = entry.Effective;
        var inForce = effective is null || now >= effective.EnforcedAt;
        var daysLeft = effective is null ? 0 : effective.EnforcedFrom.DayNumber - effective.Today(now).DayNumber;
        var from = effective?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var enforced = effective?.EnforcedFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (outcome, message) = entry.Status switch
        {
            PolicyStatus.Banned when inForce => (ComplianceOutcome.Banned, effective is null ? "banned" : $"banned since {enforced}"),
            PolicyStatus.Banned when now >= effective!.TakesEffectAt => (ComplianceOutcome.BannedSoon, $"banned since {from}; grace period ends {enforced}, {Days(daysLeft)} left"),
            PolicyStatus.Banned => (ComplianceOutcome.BannedSoon, $"banned from {from}, {Days(daysLeft)} left"),
            PolicyStatus.Restricted => (ComplianceOutcome.Restricted, inForce ? "restricted" : $"restricted from {from}, {Days(daysLeft)} left"),
            PolicyStatus.Review => (ComplianceOutcome.Review, "under review"),
            _ => (ComplianceOutcome.Allowed, "allowed"),
        };
        return new ComplianceVerdict(item, outcome, entry, match, message)
        {
            EnforcedFrom = effective?.EnforcedFrom,
            DaysLeft = outcome == ComplianceOutcome.BannedSoon || (outcome == ComplianceOutcome.Restricted && !inForce) ? daysLeft : null,
        };
    }

    private static string Days(int count) => count == 1 ? "1 day" : $"{count} days";

    /// <summary>Entries by native build sha256 and by (ecosystem, name), built once per check.</summary>
    private sealed class EntryIndex
    {
        private readonly Dictionary<string, List<PolicyEntry>> _bySha256 = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<(string, string), List<(PolicyEntry, AffectedPackage)>> _byName = [];

        public EntryIndex(PolicyDocument policy)
        {
            foreach (var entry in policy.Entries)
            {
                foreach (var affected in entry.Affected)
                {
                    var key = (affected.Ecosystem, Normalise(affected.Ecosystem, affected.Name));
                    if (!_byName.TryGetValue(key, out var list))
                    {
                        _byName[key] = list = [];
                    }

                    list.Add((entry, affected));
                    foreach (var build in affected.NativeBuilds)
                    {
                        if (!_bySha256.TryGetValue(build.Sha256, out var builds))
                        {
                            _bySha256[build.Sha256] = builds = [];
                        }

                        if (!builds.Contains(entry))
                        {
                            builds.Add(entry);
                        }
                    }
                }
            }
        }

        public List<PolicyEntry> BySha256(string sha256) => _bySha256.TryGetValue(sha256, out var list) ? list : [];

        public List<(PolicyEntry Entry, AffectedPackage Affected)> ByName(string ecosystem, string name) =>
            PolicyEcosystems.Canonical(ecosystem) is { } canonical && _byName.TryGetValue((canonical, Normalise(canonical, name)), out var list) ? list : [];

        // Extension and plugin ids are case-insensitive where they are installed; npm names are lower case by rule.
        private static string Normalise(string ecosystem, string name) =>
            ecosystem == PolicyEcosystems.Npm ? name : name.ToLowerInvariant();
    }
}
