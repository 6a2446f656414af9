namespace Telltale.Inventory;

/// <summary>
/// The problem lines of one run. A hostile tree can make one per directory entry, so the list is capped:
/// past the cap only a count is kept, and the last line says how many were left out.
/// </summary>
internal sealed class InventoryProblems
{
    private readonly List<string> _lines = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly int _max;
    private int _dropped;

    public InventoryProblems(int max) => _max = max;

    /// <summary>Notes <paramref name="problem"/> about <paramref name="imagePath"/>, once however often it is met.</summary>
    public void Add(string imagePath, string problem)
    {
        var line = $"{imagePath}: {OneLine(problem)}";
        if (!_seen.Add(line))
        {
            return;
        }

        if (_lines.Count >= _max)
        {
            _dropped++;
            return;
        }

        _lines.Add(line);
    }

    /// <summary>The lines in a stable order (sorted, so the order of discovery does not show), with the overflow count last.</summary>
    public IReadOnlyList<string> ToList()
    {
        var sorted = _lines.Order(StringComparer.Ordinal).ToList();
        if (_dropped > 0)
        {
            sorted.Add($"{_dropped} more problems not listed (at most {_max} are)");
        }

        return sorted;
    }

    // Exception messages can span lines; a problem is one line.
    private static string OneLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).Trim();
    }
}
