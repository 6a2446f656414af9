namespace Telltale.Rules;

/// <summary>A YAML rule pack: indicator sets and rules. Packs merge in order; a later rule replaces an earlier one of the same id.</summary>
public sealed class RulePack
{
    public string Name { get; set; } = "";
    public int Version { get; set; } = 1;
    public List<IndicatorSet> Indicators { get; set; } = [];
    public List<Rule> Rules { get; set; } = [];
}
