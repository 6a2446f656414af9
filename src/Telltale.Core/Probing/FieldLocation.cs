namespace Telltale.Probing;

/// <summary>Where in a request a compared value sits.</summary>
public enum FieldLocation
{
    /// <summary>Whether the request was made at all.</summary>
    Request,
    Header,
    Query,
    Body,

    /// <summary>An object or array inside a JSON array: whether the element is there at all.</summary>
    Element,
}
