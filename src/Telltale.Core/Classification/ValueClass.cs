namespace Telltale.Classification;

/// <summary>
/// The shape of a decoded value: one value of <see cref="Kind"/>, or a list (<see cref="IsList"/>) whose
/// items are mostly of <see cref="Kind"/>.
/// </summary>
public sealed record ValueClass(ValueKind Kind, bool IsList, IReadOnlyList<string> Items)
{
    /// <summary>Plural noun for capability names and titles: <c>domains</c>, <c>keywords</c>…</summary>
    public string KindName => Kind switch
    {
        ValueKind.Domain => IsList ? "domains" : "domain",
        ValueKind.Url => IsList ? "urls" : "url",
        ValueKind.TimeZone => IsList ? "time-zones" : "time-zone",
        ValueKind.EnvironmentVariable => IsList ? "env-vars" : "env-var",
        ValueKind.Keyword => IsList ? "keywords" : "keyword",
        ValueKind.Code => "code",
        _ => IsList ? "items" : "text",
    };
}
