namespace Telltale.Artifacts;

/// <summary>How an entry's bytes turn into text. Bun stores modules that need no more than Latin-1 as Latin-1 bytes.</summary>
public enum ContentEncoding
{
    Utf8,
    Latin1,
}
