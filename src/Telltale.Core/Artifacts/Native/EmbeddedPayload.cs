namespace Telltale.Artifacts.Native;

/// <summary>
/// The application a single-file executable carries (a Bun module graph, a Node SEA blob, a pkg
/// snapshot), as found by one of the payload readers.
/// </summary>
public sealed record EmbeddedPayload(string Format, long Offset, long Length, IReadOnlyList<EmbeddedFile> Files)
{
    /// <summary>Parts of the payload that could not be read (bad pointers, truncation); one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
