namespace Telltale.Rules;

/// <summary>What an observation must show for a rule to fire; an unset field places no condition.</summary>
public sealed class RuleCondition
{
    /// <summary>Observation sources: literal, decoded, scheme, xor-sweep, scheme-summary, archive.</summary>
    public List<string> In { get; set; } = [];

    /// <summary>A keyed layer (xor) was needed to decode the value.</summary>
    public bool? Obfuscated { get; set; }

    /// <summary>The value is a list.</summary>
    public bool? List { get; set; }

    /// <summary>Item kinds: domain, url, time-zone, env-var, keyword, code, text.</summary>
    public List<string> Kinds { get; set; } = [];

    /// <summary>Indicator sets whose terms must occur in the value or its items.</summary>
    public List<string> Indicators { get; set; } = [];

    public int MinMatches { get; set; } = 1;

    /// <summary>Terms must equal the whole value rather than occur in it.</summary>
    public bool Exact { get; set; }

    /// <summary>Archive refusal kinds, by name (PathTraversal, Link, …).</summary>
    public List<string> Refusals { get; set; } = [];
}
