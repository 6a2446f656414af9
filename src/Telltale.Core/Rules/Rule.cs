namespace Telltale.Rules;

/// <summary>
/// One detection as data. Titles and capabilities may use <c>{kind}</c>, <c>{count}</c> and
/// <c>{term}</c>, filled from the observation.
/// </summary>
public sealed class Rule
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string Severity { get; set; } = "info";
    public string Description { get; set; } = "";
    public string Capability { get; set; } = "";
    public RuleCondition When { get; set; } = new();

    /// <summary>When these indicator conditions hold too, the severity goes up one step.</summary>
    public RuleCondition? RaiseWhen { get; set; }
}
