namespace Telltale.Artifacts;

/// <summary>
/// One file from a target, read into memory (bounded by <see cref="Scanning.ScanLimits.MaxEntryBytes"/>).
/// Entries nest: <see cref="Path"/> joins the containers' paths with <c>!/</c> so a location reads
/// <c>tool.tgz!/package/cli.js</c>; <see cref="Name"/> is the path inside the innermost container.
/// </summary>
public sealed class ArtifactEntry
{
    public required string Path { get; init; }
    public required string Name { get; init; }
    public required ReadOnlyMemory<byte> Content { get; init; }
    public required EntryKind Kind { get; init; }

    /// <summary>Nesting depth: 0 for the target's own files, 1 inside an archive found in the target, …</summary>
    public int Depth { get; init; }

    public ArtifactEntry? Parent { get; init; }

    /// <summary>How <see cref="Content"/> reads as text; Latin-1 for modules a Bun executable stores that way.</summary>
    public ContentEncoding Encoding { get; init; } = ContentEncoding.Utf8;

    /// <summary>The codec of <see cref="Encoding"/>, for turning text positions back into byte offsets.</summary>
    public System.Text.Encoding Codec => Encoding == ContentEncoding.Latin1 ? System.Text.Encoding.Latin1 : System.Text.Encoding.UTF8;

    private string? _text;
    private bool _textRead;
    private object? _textLock;

    /// <summary>
    /// The content as text in its <see cref="Encoding"/>; invalid UTF-8 becomes U+FFFD. Decoded once and
    /// kept while the entry lives: the harvester and the behaviour analysis read the same text at once.
    /// </summary>
    public string ReadText() => LazyInitializer.EnsureInitialized(ref _text, ref _textRead, ref _textLock, () => Codec.GetString(Content.Span))!;

    public override string ToString() => Path;
}
