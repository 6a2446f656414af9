namespace Telltale.Artifacts;

/// <summary>
/// Opens one container format. Implementations never write to disk and never trust a name, size or
/// link in the archive: every bound comes from <see cref="UnpackContext"/>.
/// </summary>
public interface IUnpacker
{
    /// <summary>Short format name for messages, e.g. <c>tar.gz</c> or <c>zip</c>.</summary>
    string Format { get; }

    /// <summary>True when <paramref name="name"/> or the first bytes say this format.</summary>
    bool CanUnpack(string name, ReadOnlySpan<byte> head);

    /// <summary>The container's files as entries one level deeper; refusals go to <paramref name="context"/>.</summary>
    IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context);
}
