namespace Telltale.Findings;

/// <summary>
/// The application one single-file executable carries, as listed in the report: which executable, the
/// payload format (<c>bun</c>, <c>node-sea</c>, <c>pkg</c>), where it sits, and every file in it.
/// </summary>
/// <param name="Path">The executable's entry path, e.g. <c>@scope/pkg-linux-x64@1.0.0!/package/tool</c>.</param>
public sealed record EmbeddedPayloadListing(string Path, string Format, long Offset, long Length, IReadOnlyList<EmbeddedFileListing> Files)
{
    /// <summary>
    /// SHA-256 of the whole executable file, lower-case hex: what Santa, an inventory and a policy's native builds
    /// identify it by. Null in a report written before schema 1.6.
    /// </summary>
    public string? ExecutableSha256 { get; init; }

    public bool Equals(EmbeddedPayloadListing? other) =>
        other is not null && Path == other.Path && Format == other.Format && Offset == other.Offset && Length == other.Length
        && ExecutableSha256 == other.ExecutableSha256 && Files.SequenceEqual(other.Files);

    public override int GetHashCode() => HashCode.Combine(Path, Format, Offset, Length, Files.Count);
}
