namespace Telltale.Gateway;

/// <summary>
/// A <see cref="TextChange"/> in one string of a request body: the string's JSON path (<c>$.messages[2].content[0].text</c>),
/// the byte offset of its opening quote in the original body, and the change with its offset inside the decoded string.
/// </summary>
public sealed record FieldTextChange(string JsonPath, int TokenOffset, TextChange Change)
{
    public override string ToString() => $"{JsonPath} @{TokenOffset} {Change}";
}
