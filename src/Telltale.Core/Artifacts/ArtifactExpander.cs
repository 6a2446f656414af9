namespace Telltale.Artifacts;

/// <summary>
/// Turns a local target (a directory, an archive or a single file) into the leaf files to scan,
/// opening archives found inside it down to <see cref="Scanning.ScanLimits.MaxNestingDepth"/>.
/// Entries come lazily and in a fixed order: sorted paths for a directory, archive order inside an archive.
/// </summary>
public sealed class ArtifactExpander
{
    private readonly IUnpacker[] _unpackers;

    public ArtifactExpander(IEnumerable<IUnpacker> unpackers)
    {
        ArgumentNullException.ThrowIfNull(unpackers);
        _unpackers = [.. unpackers];
    }

    /// <summary>Tar (with gzip), zip, zstd and single-file executables (Bun, Node SEA, pkg).</summary>
    public static ArtifactExpander Default { get; } = new([new TarUnpacker(), new ZipUnpacker(), new ZstdUnpacker(), new Native.SingleFileExecutableUnpacker()]);

    public IReadOnlyList<IUnpacker> Unpackers => _unpackers;

    /// <summary>
    /// The non-archive files of the target. Whatever is not read (links, traversal, limits, corrupt
    /// archives) is recorded as a refusal in <paramref name="context"/> instead of thrown.
    /// </summary>
    /// <param name="localPath">The file or directory.</param>
    /// <param name="context">Limits and refusals, shared by every target of one scan.</param>
    /// <param name="pathPrefix">
    /// For a file target scanned beside another (a platform package with its package): its entries read
    /// <c>prefix!/package/x.js</c> instead of <c>package/x.js</c>. Not for directories.
    /// </param>
    /// <exception cref="FileNotFoundException">when <paramref name="localPath"/> is neither a file nor a directory.</exception>
    public IEnumerable<ArtifactEntry> Expand(string localPath, UnpackContext context, string? pathPrefix = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        ArgumentNullException.ThrowIfNull(context);
        if (Directory.Exists(localPath))
        {
            return string.IsNullOrEmpty(pathPrefix)
                ? ExpandDirectory(localPath, context)
                : throw new ArgumentException("a path prefix is only for a file target", nameof(pathPrefix));
        }

        if (File.Exists(localPath))
        {
            return ExpandFile(localPath, context, pathPrefix ?? "");
        }

        throw new FileNotFoundException($"no such file or directory: {localPath}", localPath);
    }

    private IEnumerable<ArtifactEntry> ExpandDirectory(string root, UnpackContext context)
    {
        foreach (var item in DirectoryWalker.Walk(root))
        {
            if (context.EntryLimitReached)
            {
                yield break;
            }

            switch (item.Kind)
            {
                case WalkItemKind.Link:
                    context.Refuse(item.RelativePath, RefusalKind.Link, $"symbolic link to '{EntryNames.Printable(item.Problem ?? "?")}' is not followed");
                    continue;
                case WalkItemKind.Unreadable:
                    context.Refuse(item.RelativePath, RefusalKind.Corrupt, $"cannot list the directory: {item.Problem}");
                    continue;
                default:
                    break;
            }

            if (!context.TryReserve(item.RelativePath, item.Length) || ReadFile(item.FullPath, item.RelativePath, item.Length, context) is not { } content)
            {
                continue;
            }

            var entry = new ArtifactEntry
            {
                Path = item.RelativePath,
                Name = item.RelativePath,
                Content = content,
                Kind = EntryClassifier.Classify(item.RelativePath, content.Span, _unpackers),
            };
            foreach (var leaf in Visit(entry, context))
            {
                yield return leaf;
            }
        }
    }

    private IEnumerable<ArtifactEntry> ExpandFile(string path, UnpackContext context, string pathPrefix)
    {
        var info = new FileInfo(path);
        var name = info.Name;
        var label = pathPrefix.Length == 0 ? name : pathPrefix;
        if (!context.TryReserve(label, info.Length) || ReadFile(info.FullName, label, info.Length, context) is not { } content)
        {
            yield break;
        }

        // The archive is the target, so its files are the target's own: no "pkg.tgz!/" prefix (only the
        // caller's pathPrefix, which children get through EntryNames.Join), depth 0, no parent.
        var root = new ArtifactEntry { Path = pathPrefix, Name = name, Content = content, Kind = EntryKind.Archive, Depth = -1 };
        var filePath = pathPrefix.Length == 0 ? name : pathPrefix + "!/" + name;
        var unpacker = FindUnpacker(root, context);
        if (unpacker is null)
        {
            RefuseFalseArchiveName(root, label, context);
            yield return new ArtifactEntry { Path = filePath, Name = name, Content = content, Kind = EntryClassifier.Classify(name, content.Span, _unpackers) };
            yield break;
        }

        var yielded = false;
        foreach (var child in SafeUnpack(unpacker, root, context))
        {
            yielded = true;
            var own = new ArtifactEntry
            {
                Path = child.Path,
                Name = child.Name,
                Content = child.Content,
                Kind = child.Kind,
                Encoding = child.Encoding,
                RemainderOf = child.RemainderOf,
                Depth = 0,
            };
            foreach (var leaf in Visit(own, context))
            {
                yield return leaf;
            }
        }

        if (!yielded && AsBytes(root, filePath, 0, context) is { } bytes)
        {
            yield return bytes;
        }
    }

    private IEnumerable<ArtifactEntry> Visit(ArtifactEntry entry, UnpackContext context)
    {
        var unpacker = FindUnpacker(entry, context);
        if (unpacker is null)
        {
            RefuseFalseArchiveName(entry, entry.Path, context);

            // Another unpacker set may have called it an archive; this expander cannot open it, so it is a leaf.
            yield return entry.Kind != EntryKind.Archive ? entry : Leaf(entry, entry.Path, entry.Depth);
            yield break;
        }

        if (entry.Depth + 1 > context.Limits.MaxNestingDepth)
        {
            context.Refuse(entry.Path, RefusalKind.NestingTooDeep,
                $"archive nested {entry.Depth + 1} levels deep, past the limit of {context.Limits.MaxNestingDepth}; not opened, scanned as bytes");
            yield return Leaf(entry, entry.Path, entry.Depth);
            yield break;
        }

        var yielded = false;
        foreach (var child in SafeUnpack(unpacker, entry, context))
        {
            yielded = true;
            foreach (var leaf in Visit(child, context))
            {
                yield return leaf;
            }
        }

        // An archive that gives nothing (corrupt, or every entry refused) is still bytes someone shipped.
        if (!yielded && AsBytes(entry, entry.Path, entry.Depth, context) is { } bytes)
        {
            yield return bytes;
        }
    }

    /// <summary>
    /// A container that yielded nothing, as one entry of its own bytes so they get the string harvest and
    /// the xor sweep; its size was counted when it was read, so nothing is reserved again.
    /// </summary>
    private ArtifactEntry? AsBytes(ArtifactEntry container, string path, int depth, UnpackContext context) =>
        container.Content.IsEmpty || context.EntryLimitReached ? null : Leaf(container, path, depth);

    /// <summary>The entry as a file that is not opened: classified by name and bytes alone.</summary>
    private static ArtifactEntry Leaf(ArtifactEntry entry, string path, int depth) => new()
    {
        Path = path,
        Name = entry.Name,
        Content = entry.Content,
        Kind = EntryClassifier.Classify(entry.Name, entry.Content.Span, []),
        Encoding = entry.Encoding,
        Depth = depth,
        Parent = entry.Parent,
    };

    /// <summary>A name that promises an archive no unpacker recognises is reported; the file is still scanned as it is.</summary>
    private static void RefuseFalseArchiveName(ArtifactEntry entry, string label, UnpackContext context)
    {
        if (entry.RemainderOf is null && ArchiveNames.ClaimedExtension(entry.Name) is { } extension)
        {
            context.RefuseCorrupt(entry, label,
                $"named {extension} but its bytes are no archive this scan can open; scanned as plain bytes");
        }
    }

    private IUnpacker? FindUnpacker(ArtifactEntry entry, UnpackContext context)
    {
        foreach (var unpacker in _unpackers)
        {
            if (unpacker.Format == entry.RemainderOf)
            {
                continue;
            }

            try
            {
                if (unpacker.CanUnpack(entry.Name, entry.Content.Span))
                {
                    return unpacker;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The first bytes are the package's; a check that trips on them must not end the scan.
                context.RefuseCorrupt(entry, entry.Path.Length == 0 ? entry.Name : entry.Path,
                    $"cannot tell whether it is {unpacker.Format}: {EntryNames.OneLine(ex.Message)}");
            }
        }

        return null;
    }

    /// <summary>An injected unpacker may break its promise not to throw; its failure becomes a refusal.</summary>
    private static IEnumerable<ArtifactEntry> SafeUnpack(IUnpacker unpacker, ArtifactEntry container, UnpackContext context)
    {
        var label = container.Path.Length == 0 ? container.Name : container.Path;
        IEnumerator<ArtifactEntry>? enumerator = null;
        try
        {
            while (true)
            {
                ArtifactEntry current;
                try
                {
                    enumerator ??= unpacker.Unpack(container, context).GetEnumerator();
                    if (!enumerator.MoveNext())
                    {
                        yield break;
                    }

                    current = enumerator.Current;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    context.RefuseCorrupt(container, label, $"cannot unpack {unpacker.Format}: {EntryNames.OneLine(ex.Message)}");
                    yield break;
                }

                yield return current;
            }
        }
        finally
        {
            try
            {
                enumerator?.Dispose();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Closing a reader over damaged data can fail too; by then every entry it gave was yielded.
                context.RefuseCorrupt(container, label, $"cannot close the {unpacker.Format} reader: {EntryNames.OneLine(ex.Message)}");
            }
        }
    }

    /// <summary>Files from this size on are mapped rather than read: entries cut from them stay slices of the mapping.</summary>
    private const long MapThresholdBytes = 1024 * 1024;

    private static ReadOnlyMemory<byte>? ReadFile(string fullPath, string label, long length, UnpackContext context)
    {
        // A zero-length file is not opened: FIFOs and sockets report length 0, and reading one would block.
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (length > Array.MaxLength)
        {
            context.Refuse(label, RefusalKind.EntryTooLarge, $"file of {length} bytes cannot be held in memory");
            return null;
        }

        try
        {
            if (length >= MapThresholdBytes)
            {
                var mapping = MappedFileMemory.Map(fullPath, length);
                context.Own(mapping);
                return mapping.Memory;
            }

            using var stream = new FileStream(fullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite,
                Options = FileOptions.SequentialScan,
            });

            // Only the reserved length is read, even if the file grew since it was listed.
            var buffer = new byte[length];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer.AsMemory(0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Refuse(label, RefusalKind.Corrupt, $"cannot read the file: {EntryNames.OneLine(ex.Message)}");
            return null;
        }
    }
}
