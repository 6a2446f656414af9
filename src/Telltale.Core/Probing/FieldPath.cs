namespace Telltale.Probing;

/// <summary>
/// One compared value of a request. For a JSON body <see cref="Path"/> is the leaf's JSON path
/// (<c>messages[0].content[1].text</c>); for any other body it is empty, the body being one value; for headers
/// it is the lower-case name and for the query the parameter name. Array indexes are those of the matching
/// element in the reference request; <c>[+2]</c> is an element with no counterpart there, at index 2 of its own.
/// </summary>
public sealed record FieldPath(FieldLocation Location, string Path)
{
    internal static readonly FieldPath Presence = new(FieldLocation.Request, "");

    public override string ToString() => Location switch
    {
        FieldLocation.Request => "(request)",
        FieldLocation.Header => "header:" + Path,
        FieldLocation.Query => "query:" + Path,
        FieldLocation.Element => Path,
        _ => Path.Length == 0 ? "(body)" : Path,
    };
}
