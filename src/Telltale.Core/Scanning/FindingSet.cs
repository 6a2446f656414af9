using System.Globalization;
using Telltale.Findings;

namespace Telltale.Scanning;

/// <summary>
/// Collects findings so that a report grows with the number of distinct behaviours, not with the input: a finding
/// equal to one already held (same rule, title, severity and evidence) only adds to that one's count and, for the
/// first few, its other locations; past <c>maxDistinctPerRuleAndFile</c> different findings of one rule in one
/// file, the rest are counted in a single summary finding. Keeps the order of first appearance.
/// </summary>
internal sealed class FindingSet
{
    /// <summary>Other locations kept per finding; the count says how many there were in all.</summary>
    public const int MaxOtherLocations = 10;

    public const string OverflowTitleSuffix = "further findings of this rule in this file";

    private readonly int _maxDistinctPerRuleAndFile;
    private readonly List<Slot> _slots = [];
    private readonly Dictionary<FindingKey, Slot> _byKey = [];
    private readonly Dictionary<(string RuleId, string Path), int> _distinct = [];
    private readonly Dictionary<(string RuleId, string Path), Slot> _overflow = [];

    public FindingSet(int maxDistinctPerRuleAndFile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDistinctPerRuleAndFile);
        _maxDistinctPerRuleAndFile = maxDistinctPerRuleAndFile;
    }

    public void AddRange(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            Add(finding);
        }
    }

    public void Add(Finding finding)
    {
        // A behaviour finding carries a tree of its own locations: two of them are never one.
        if (finding.Behaviour is null && _byKey.TryGetValue(FindingKey.Of(finding), out var same))
        {
            same.Absorb(finding);
            return;
        }

        var file = (finding.RuleId, finding.Location.Path);
        var distinct = _distinct.GetValueOrDefault(file);
        if (distinct >= _maxDistinctPerRuleAndFile)
        {
            if (_overflow.TryGetValue(file, out var overflow))
            {
                overflow.Absorb(finding);
            }
            else
            {
                overflow = new Slot(finding, overflowOf: true);
                _overflow[file] = overflow;
                _slots.Add(overflow);
            }

            return;
        }

        _distinct[file] = distinct + 1;
        var slot = new Slot(finding, overflowOf: false);
        _slots.Add(slot);
        if (finding.Behaviour is null)
        {
            _byKey[FindingKey.Of(finding)] = slot;
        }
    }

    public List<Finding> ToList() => [.. _slots.Select(s => s.ToFinding(_maxDistinctPerRuleAndFile))];

    /// <summary>Bounds an already ordered list; the order is kept.</summary>
    public static List<Finding> Bound(IEnumerable<Finding> ordered, int maxDistinctPerRuleAndFile)
    {
        var set = new FindingSet(maxDistinctPerRuleAndFile);
        set.AddRange(ordered);
        return set.ToList();
    }

    private sealed class Slot(Finding first, bool overflowOf)
    {
        private readonly List<SourceLocation> _others = [.. first.OtherLocations.Take(MaxOtherLocations)];
        private int _occurrences = first.Occurrences;
        private int _merged = 1;
        private Severity _severity = first.Severity;

        public void Absorb(Finding finding)
        {
            _occurrences = (int)Math.Min(int.MaxValue, (long)_occurrences + finding.Occurrences);
            _merged++;
            if (finding.Severity > _severity)
            {
                _severity = finding.Severity;
            }

            if (_others.Count < MaxOtherLocations)
            {
                _others.Add(finding.Location);
            }

            foreach (var other in finding.OtherLocations)
            {
                if (_others.Count >= MaxOtherLocations)
                {
                    break;
                }

                _others.Add(other);
            }
        }

        public Finding ToFinding(int maxDistinct)
        {
            if (!overflowOf)
            {
                return _occurrences == first.Occurrences && _others.Count == first.OtherLocations.Count
                    ? first
                    : first with { Occurrences = _occurrences, OtherLocations = [.. _others] };
            }

            var count = _merged.ToString("N0", CultureInfo.InvariantCulture);
            return new Finding
            {
                RuleId = first.RuleId,
                Title = $"{first.Title}: {count} {OverflowTitleSuffix}",
                Severity = _severity,
                Confidence = first.Confidence,
                Location = first.Location,
                OtherLocations = [.. _others],
                Occurrences = _occurrences,
                Evidence = new Evidence($"{count} more distinct findings of {first.RuleId} after the first {maxDistinct} in this file; the first of them is shown", first.Evidence.Decoded, first.Evidence.Chain),
                Description = first.Description,
                Capabilities = first.Capabilities,
            };
        }
    }

    private readonly record struct FindingKey(string RuleId, Severity Severity, string Title, string Text, string? Decoded, string Chain, string Items, string Capabilities)
    {
        public static FindingKey Of(Finding finding) => new(
            finding.RuleId,
            finding.Severity,
            finding.Title,
            finding.Evidence.Text,
            finding.Evidence.Decoded,
            string.Join('\u0001', finding.Evidence.Chain),
            string.Join('\u0001', finding.Items),
            string.Join('\u0001', finding.Capabilities));
    }
}
