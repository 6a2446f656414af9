namespace Telltale.Rules;

/// <summary>A named set of terms that fingerprinting or targeting code looks for.</summary>
public sealed class IndicatorSet
{
    public string Set { get; set; } = "";
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";
    public List<string> Terms { get; set; } = [];
}
