namespace Telltale.Artifacts.Native;

/// <summary>
/// One file inside a single-file executable's payload. <see cref="Content"/> is a slice of the
/// executable's own memory (no copy) unless the payload stored it compressed.
/// </summary>
public sealed record EmbeddedFile(string Name, ReadOnlyMemory<byte> Content, EmbeddedContentKind Kind)
{
    public ContentEncoding Encoding { get; init; } = ContentEncoding.Utf8;

    /// <summary>True when the runtime loads the file as JavaScript, whatever its name says.</summary>
    public bool IsScript { get; init; }

    /// <summary>True for the module the executable starts with.</summary>
    public bool IsEntryPoint { get; init; }

    /// <summary>One line for the reviewer when something about the file matters, e.g. "bytecode only: no source".</summary>
    public string? Note { get; init; }
}
