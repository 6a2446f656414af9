using System.Globalization;
using Telltale.Findings;

namespace Telltale.Scanning;

/// <summary>
/// Folds the info findings of one source map into one per rule. A source map carries the whole original source
/// as JSON strings (<c>sourcesContent</c>) with every non-ASCII character escaped, so each escaped message, regular
/// expression and table is an "encoded string": tens of thousands of true, useless findings per file, all of
/// which say one thing, that the file is a source map.
/// </summary>
internal sealed class SourceMapInfoFolder
{
    /// <summary>Decoded values kept as examples on the folded finding.</summary>
    public const int MaxItems = 20;

    private readonly Dictionary<string, Fold> _byRule = new(StringComparer.Ordinal);
    private readonly List<Fold> _order = [];

    /// <summary>True for the path of a source map (<c>*.map</c>, as bundlers name them).</summary>
    public static bool IsSourceMap(string path) => path.EndsWith(".map", StringComparison.OrdinalIgnoreCase);

    /// <summary>Takes an info finding and returns true; leaves anything else to the caller.</summary>
    public bool TryAdd(Finding finding)
    {
        if (finding.Severity != Severity.Info || finding.Behaviour is not null)
        {
            return false;
        }

        if (!_byRule.TryGetValue(finding.RuleId, out var fold))
        {
            fold = new Fold(finding);
            _byRule[finding.RuleId] = fold;
            _order.Add(fold);
        }

        fold.Add(finding);
        return true;
    }

    /// <summary>One finding per rule, in the order the rules first appeared.</summary>
    public IEnumerable<Finding> Folded() => _order.Select(f => f.ToFinding());

    private sealed class Fold(Finding first)
    {
        private readonly HashSet<string> _items = new(StringComparer.Ordinal);
        private readonly List<string> _itemOrder = [];
        private readonly HashSet<string> _capabilities = new(StringComparer.Ordinal);
        private readonly List<string> _capabilityOrder = [];
        private long _findings;
        private long _occurrences;

        public void Add(Finding finding)
        {
            _findings++;
            _occurrences += finding.Occurrences;
            var value = finding.Evidence.Decoded ?? finding.Evidence.Text;
            if (_itemOrder.Count < MaxItems && _items.Add(value))
            {
                _itemOrder.Add(value);
            }

            foreach (var capability in finding.Capabilities)
            {
                if (_capabilities.Add(capability))
                {
                    _capabilityOrder.Add(capability);
                }
            }
        }

        public Finding ToFinding()
        {
            if (_findings == 1)
            {
                return first;
            }

            var more = (_occurrences - 1).ToString("N0", CultureInfo.InvariantCulture);
            return first with
            {
                Title = $"{first.Title}, and {more} more in this source map",
                Occurrences = (int)Math.Min(int.MaxValue, _occurrences),
                OtherLocations = [],
                Capabilities = [.. _capabilityOrder],
                Items = [.. _itemOrder],
            };
        }
    }
}
