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

    /// <summary>
    /// Nesting depth: 0 for the target's own files, 1 inside an archive found in the target, …; -1 for the
    /// target file itself while it is being opened as a container (<see cref="IsTarget"/>).
    /// </summary>
    public int Depth { get; init; }

    /// <summary>True for the target file itself, opened as a container: its damage is the target's, not a nested file's.</summary>
    public bool IsTarget => Depth < 0;

    /// <summary>
    /// The <see cref="IUnpacker.Format"/> of the container these bytes are left over from (an executable's
    /// runtime around its payload), or null. The expander never opens them as that format again: they
    /// were already looked at as such, and opening them again would loop.
    /// </summary>
    public string? RemainderOf { get; init; }

    public ArtifactEntry? Parent { get; init; }

    /// <summary>
    /// Where <see cref="Content"/> starts in the <see cref="Parent"/>'s content when it is a slice of it that the
    /// parent's layout describes (an executable's own bytes around its payload), so that layout can be read for
    /// these bytes; null otherwise.
    /// </summary>
    public long? OffsetInParent { get; init; }

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
