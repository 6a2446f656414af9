namespace Telltale.Classification;

/// <summary>What a decoded value, or one item of a decoded list, looks like.</summary>
public enum ValueKind
{
    Text,
    Domain,
    Url,
    TimeZone,
    EnvironmentVariable,
    Keyword,
    Code,
}
