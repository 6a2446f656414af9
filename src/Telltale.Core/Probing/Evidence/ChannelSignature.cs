namespace Telltale.Probing.Evidence;

/// <summary>
/// A channel as a replay recognises it: the request key, field path and kind, the variants showing it, the factors
/// explaining it, and each change's code points (<c>U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK</c>), all as
/// the JSON report writes them. Two signatures are equal when all of these are (variants in any order);
/// <see cref="Excerpt"/> is for the reader only, since the text around a change may hold a run's own date or id.
/// </summary>
public sealed record ChannelSignature(
    string Request,
    string Field,
    string Kind,
    IReadOnlyList<string> Variants,
    string Attribution,
    IReadOnlyList<string> Changes,
    string Excerpt)
{
    public bool Equals(ChannelSignature? other) =>
        other is not null
        && Request == other.Request
        && Field == other.Field
        && Kind == other.Kind
        && Attribution == other.Attribution
        && Variants.Order(StringComparer.Ordinal).SequenceEqual(other.Variants.Order(StringComparer.Ordinal), StringComparer.Ordinal)
        && Changes.SequenceEqual(other.Changes, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Request, Field, Kind, Attribution, Variants.Count, Changes.Count);

    /// <summary><c>lookalike POST /v1/messages messages[0].content[0].text in listed</c>.</summary>
    public override string ToString() => $"{Kind} {Request} {Field} in {string.Join(", ", Variants)}";
}
