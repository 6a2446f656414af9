namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// The statements the sandbox may run for one whole scan and for each file in it, shared by the files analysed in
/// parallel. Which files it leaves incomplete is decided by the files' order in the scan, never by which thread ran
/// first, so a loaded machine and an idle one report the same files.
/// </summary>
/// <remarks>
/// A file at position <c>i</c> is refused a run only once the files at positions up to <c>i</c> have, between them,
/// reported at least <see cref="ScanStatements"/> statements. Reports lag the truth and only grow, so that refusal
/// implies the same sum of the files' full costs passes the budget too. After the scan, <see cref="SpentBefore"/> says for
/// each file whether that sum passes the budget: the first such file and every later file that used the sandbox are
/// incomplete however the work was scheduled, and every earlier file ran in full.
/// </remarks>
public sealed class SandboxWorkBudget
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _spentByPosition = [];
    private long[] _tree = new long[64];

    public SandboxWorkBudget(long scanStatements, long fileStatements)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scanStatements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileStatements);
        ScanStatements = scanStatements;
        FileStatements = fileStatements;
    }

    /// <summary>A budget no real scan reaches, for analysing one file on its own.</summary>
    public static SandboxWorkBudget Unlimited() => new(long.MaxValue / 4, long.MaxValue / 4);

    public long ScanStatements { get; }
    public long FileStatements { get; }

    /// <summary>A meter for the file at <paramref name="position"/> in the scan's fixed order of entries.</summary>
    public SandboxWorkMeter ForFile(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return new SandboxWorkMeter(this, position);
    }

    /// <summary>Statements reported by the files at positions up to and including <paramref name="position"/>.</summary>
    public long SpentUpTo(int position)
    {
        lock (_gate)
        {
            return Prefix(position);
        }
    }

    /// <summary>
    /// True when the sandbox work of the files up to <paramref name="position"/> passes the scan budget: the file's
    /// own results then depend on how the scan was scheduled and must be replaced by an incomplete-analysis note.
    /// Call once every file has finished.
    /// </summary>
    public bool SpentBefore(int position) => SpentUpTo(position) >= ScanStatements;

    /// <summary>Adds the statements a file's finished run was charged.</summary>
    internal void Report(int position, long statements)
    {
        lock (_gate)
        {
            _spentByPosition[position] = _spentByPosition.GetValueOrDefault(position) + statements;
            Add(position, statements);
        }
    }

    // A Fenwick tree over positions: a file's report and the sum before it each cost O(log n) under the lock.
    private void Add(int position, long statements)
    {
        if (position + 1 >= _tree.Length)
        {
            var grown = new long[Math.Max(_tree.Length * 2, position + 2)];
            // Rebuilt from the per-position totals: a Fenwick tree cannot simply be copied into a larger one.
            foreach (var (at, spent) in _spentByPosition)
            {
                if (at != position)
                {
                    AddTo(grown, at, spent);
                }
            }

            AddTo(grown, position, _spentByPosition[position] - statements);
            _tree = grown;
        }

        AddTo(_tree, position, statements);
    }

    private static void AddTo(long[] tree, int position, long statements)
    {
        for (var i = position + 1; i < tree.Length; i += i & -i)
        {
            tree[i] += statements;
        }
    }

    private long Prefix(int position)
    {
        long sum = 0;
        for (var i = Math.Min(position + 1, _tree.Length - 1); i > 0; i -= i & -i)
        {
            sum += _tree[i];
        }

        return sum;
    }
}
