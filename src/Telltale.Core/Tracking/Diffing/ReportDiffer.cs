using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// Compares two reports by meaning. Findings are grouped by <see cref="FindingIdentity.Key"/> (rule,
/// capabilities and defining values, never offsets or minified names) and paired within a key by
/// <see cref="FindingIdentity.ItemSimilarity"/>; capabilities are compared per category.
/// </summary>
public static class ReportDiffer
{
    /// <summary>
    /// Gets both reports through <paramref name="source"/> in parallel (a target that is a saved JSON
    /// report is read instead of scanned, see <see cref="SavedReportSource"/>) and compares them. When one
    /// fails the other is cancelled.
    /// </summary>
    /// <exception cref="Artifacts.TargetException">when a target cannot be had or a saved report cannot be read.</exception>
    public static async Task<ReportDiff> DiffAsync(
        IScanSource source,
        string oldTarget,
        string newTarget,
        IProgress<ScanProgress>? oldProgress = null,
        IProgress<ScanProgress>? newProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reports = source as SavedReportSource ?? new SavedReportSource(source);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress)
        {
            try
            {
                return await reports.GetAsync(target, progress, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                // No point finishing a minute-long scan of one side when the other cannot be had.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        var old = GetAsync(oldTarget, oldProgress);
        var @new = GetAsync(newTarget, newProgress);
        await Task.WhenAll(old, @new).ConfigureAwait(false);
        return Diff(await old.ConfigureAwait(false), await @new.ConfigureAwait(false));
    }

    public static ReportDiff Diff(ScanReport old, ScanReport @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        return new ReportDiff
        {
            Old = old,
            New = @new,
            Findings = Rank(DiffFindings(InReadingOrder(old.Findings), InReadingOrder(@new.Findings))),
            Capabilities = DiffCapabilities(CapabilityInventory.Of(old), CapabilityInventory.Of(@new)),
        };
    }

    // Pairing prefers neighbours in listing order, so the order must be one both versions share.
    private static List<Finding> InReadingOrder(IEnumerable<Finding> findings) =>
        findings.OrderBy(f => f.Location.Path, StringComparer.Ordinal).ThenBy(f => f.Location.Offset).ToList();

    private static List<FindingChange> DiffFindings(List<Finding> old, List<Finding> @new)
    {
        var changes = new List<FindingChange>();
        var oldLeft = new List<Finding>();
        var newLeft = new List<Finding>();
        var oldByKey = old.ToLookup(FindingIdentity.Key, StringComparer.Ordinal);
        var newByKey = @new.ToLookup(FindingIdentity.Key, StringComparer.Ordinal);
        foreach (var key in oldByKey.Select(g => g.Key).Union(newByKey.Select(g => g.Key), StringComparer.Ordinal))
        {
            Pair(oldByKey[key].ToList(), newByKey[key].ToList(), changes, oldLeft, newLeft);
        }

        // A behaviour that gained or lost a source, a list or a second channel changes its key; while it still
        // makes one of the same choices for the same sink it is the same behaviour, changed, not one gone and
        // one new.
        var oldLoose = oldLeft.Where(f => f.Behaviour is not null).ToLookup(LooseBehaviourKey, StringComparer.Ordinal);
        var newLoose = newLeft.Where(f => f.Behaviour is not null).ToLookup(LooseBehaviourKey, StringComparer.Ordinal);
        var removed = oldLeft.Where(f => f.Behaviour is null).ToList();
        var added = newLeft.Where(f => f.Behaviour is null).ToList();
        foreach (var key in oldLoose.Select(g => g.Key).Union(newLoose.Select(g => g.Key), StringComparer.Ordinal))
        {
            var before = oldLoose[key].ToList();
            var after = newLoose[key].ToList();
            var (pairs, oldRest, newRest) = Pairing.Match(before, after, Signature, (a, b) => Pairing.Jaccard(Choices(a), Choices(b)), requireOverlap: true);
            changes.AddRange(pairs.Select(p => Compare(before[p.Old], after[p.New])));
            removed.AddRange(oldRest.Select(i => before[i]));
            added.AddRange(newRest.Select(j => after[j]));
        }

        changes.AddRange(removed.Select(f => new FindingChange { Kind = ChangeKind.Removed, Key = FindingIdentity.Key(f), Old = f, ItemsRemoved = FindingIdentity.ComparedItems(f) }));
        changes.AddRange(added.Select(f => new FindingChange { Kind = ChangeKind.Added, Key = FindingIdentity.Key(f), New = f, ItemsAdded = FindingIdentity.ComparedItems(f) }));
        return changes;
    }

    private static void Pair(List<Finding> old, List<Finding> @new, List<FindingChange> changes, List<Finding> oldLeft, List<Finding> newLeft)
    {
        var (pairs, oldRest, newRest) = Pairing.Match(old, @new, Signature, FindingIdentity.ItemSimilarity);
        changes.AddRange(pairs.Select(p => Compare(old[p.Old], @new[p.New])));
        oldLeft.AddRange(oldRest.Select(i => old[i]));
        newLeft.AddRange(newRest.Select(j => @new[j]));
    }

    /// <summary>What must be equal for a pair to be unchanged: everything <see cref="Compare"/> looks at.</summary>
    private static string Signature(Finding finding) =>
        string.Join("\u001E",
            finding.Severity.ToName(),
            string.Join("\u001F", FindingIdentity.ComparedItems(finding).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            string.Join("\u001F", ComparedCapabilities(finding).Order(StringComparer.Ordinal)),
            (finding.Behaviour?.CapacityBits ?? 0).ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    private static string LooseBehaviourKey(Finding finding) => $"{finding.RuleId}|{finding.Behaviour!.Root.Capability}";

    /// <summary>The choices a behaviour makes: each channel's or transform's variants, as the identity key spells them.</summary>
    private static HashSet<string> Choices(Finding finding) =>
        finding.Behaviour!.Steps()
            .Where(s => s.Kind is BehaviourStepKind.Channel or BehaviourStepKind.Transform)
            .Select(s => string.Join("", s.Values.Order(StringComparer.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> ComparedCapabilities(Finding finding) =>
        finding.Capabilities.Where(c => !c.StartsWith(FindingIdentity.IndicatorPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);

    private static FindingChange Compare(Finding old, Finding @new)
    {
        var oldItems = FindingIdentity.ComparedItems(old);
        var newItems = FindingIdentity.ComparedItems(@new);
        var oldCapabilities = ComparedCapabilities(old).ToList();
        var newCapabilities = ComparedCapabilities(@new).ToList();
        var change = new FindingChange
        {
            Kind = ChangeKind.Changed,
            Key = FindingIdentity.Key(@new),
            Old = old,
            New = @new,
            ItemsAdded = newItems.Except(oldItems, StringComparer.Ordinal).ToList(),
            ItemsRemoved = oldItems.Except(newItems, StringComparer.Ordinal).ToList(),
            CapabilitiesAdded = newCapabilities.Except(oldCapabilities, StringComparer.Ordinal).ToList(),
            CapabilitiesRemoved = oldCapabilities.Except(newCapabilities, StringComparer.Ordinal).ToList(),
        };
        var same = !change.SeverityChanged && !change.CapacityChanged
            && change.ItemsAdded.Count == 0 && change.ItemsRemoved.Count == 0
            && change.CapabilitiesAdded.Count == 0 && change.CapabilitiesRemoved.Count == 0;
        return same ? change with { Kind = ChangeKind.Unchanged } : change;
    }

    private static List<FindingChange> Rank(List<FindingChange> changes) =>
        changes
            .OrderByDescending(c => c.Severity)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Current.Behaviour is null)
            .ThenBy(c => c.Current.RuleId, StringComparer.Ordinal)
            .ThenBy(c => c.Current.Location.Path, StringComparer.Ordinal)
            .ThenBy(c => c.Current.Location.Offset)
            .ToList();

    private static List<CapabilityChange> DiffCapabilities(IReadOnlyList<CapabilityEntry> old, IReadOnlyList<CapabilityEntry> @new)
    {
        var changes = new List<CapabilityChange>();

        var oldById = old.Where(e => e.Category != CapabilityCategory.HiddenLists).ToDictionary(e => e.Identity, StringComparer.Ordinal);
        var newById = @new.Where(e => e.Category != CapabilityCategory.HiddenLists).ToDictionary(e => e.Identity, StringComparer.Ordinal);
        foreach (var entry in newById.Values)
        {
            changes.Add(Change(entry, oldById.ContainsKey(entry.Identity) ? ChangeKind.Unchanged : ChangeKind.Added));
        }

        changes.AddRange(oldById.Values.Where(e => !newById.ContainsKey(e.Identity)).Select(e => Change(e, ChangeKind.Removed)));

        // Lists are paired within their capability by the entries they share, so a grown list is one change.
        var oldLists = old.Where(e => e.Category == CapabilityCategory.HiddenLists).ToLookup(e => e.Capability, StringComparer.Ordinal);
        var newLists = @new.Where(e => e.Category == CapabilityCategory.HiddenLists).ToLookup(e => e.Capability, StringComparer.Ordinal);
        foreach (var capability in oldLists.Select(g => g.Key).Union(newLists.Select(g => g.Key), StringComparer.Ordinal))
        {
            var before = oldLists[capability].ToList();
            var after = newLists[capability].ToList();
            var (pairs, oldRest, newRest) = Pairing.Match(before, after, e => e.Identity, (a, b) => Pairing.Jaccard(a.Items.ToHashSet(StringComparer.Ordinal), b.Items.ToHashSet(StringComparer.Ordinal)));
            foreach (var (i, j) in pairs)
            {
                var added = after[j].Items.Except(before[i].Items, StringComparer.Ordinal).ToList();
                var removed = before[i].Items.Except(after[j].Items, StringComparer.Ordinal).ToList();
                changes.Add(Change(after[j], added.Count + removed.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Changed) with
                {
                    OldCount = before[i].Items.Count,
                    ItemsAdded = added,
                    ItemsRemoved = removed,
                });
            }

            changes.AddRange(oldRest.Select(i => Change(before[i], ChangeKind.Removed)));
            changes.AddRange(newRest.Select(j => Change(after[j], ChangeKind.Added)));
        }

        return changes
            .OrderBy(c => c.Category)
            .ThenBy(c => c.Kind)
            .ThenByDescending(c => c.Severity)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static CapabilityChange Change(CapabilityEntry entry, ChangeKind kind) => new()
    {
        Category = entry.Category,
        Kind = kind,
        Capability = entry.Capability,
        Name = entry.Name,
        Detail = entry.Detail,
        Severity = entry.Severity,
        OldCount = kind == ChangeKind.Added ? 0 : entry.Items.Count,
        NewCount = kind == ChangeKind.Removed ? 0 : entry.Items.Count,
        ItemsAdded = kind == ChangeKind.Added ? entry.Items : [],
        ItemsRemoved = kind == ChangeKind.Removed ? entry.Items : [],
        Values = entry.Values,
    };
}
