namespace Telltale.Policy.Compliance;

/// <summary>A check of one inventory against one policy, at one instant.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="PolicyFiles">Every file the policy was read from.</param>
/// <param name="Subject">What was checked: <c>this machine</c>, an inventory or lockfile path, <c>npm:NAME@VERSION</c>.</param>
/// <param name="CheckedAt">The instant dates were judged at (the clock, or <c>--now</c>).</param>
/// <param name="Verdicts">Failures first, then warnings, then the rest; within each by name and version.</param>
public sealed record ComplianceReport(string Policy, IReadOnlyList<string> PolicyFiles, string Subject, DateTimeOffset CheckedAt, IReadOnlyList<ComplianceVerdict> Verdicts)
{
    /// <summary>Lines that say what could not be looked at (an unreadable folder during the inventory).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public int Failures => Verdicts.Count(v => v.IsFailure);

    public int Warnings => Verdicts.Count(v => v.IsWarning);

    /// <summary><c>fail</c> when anything is banned in force, else <c>warn</c> when anything warns, else <c>pass</c>: the result every format states.</summary>
    public string Result => Failures > 0 ? "fail" : Warnings > 0 ? "warn" : "pass";

    /// <summary>Every verdict naming an entry, and every package named on the command line.</summary>
    public IEnumerable<ComplianceVerdict> Listed => Verdicts.Where(v => v.Entry is not null || v.Item.Kind == Inventory.InventoryItemKind.Named);
}
