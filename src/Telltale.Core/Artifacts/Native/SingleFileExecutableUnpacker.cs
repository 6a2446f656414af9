using Telltale.Findings;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Opens executables that carry a JavaScript application: Bun <c>--compile</c> builds, Node single
/// executable applications and pkg snapshots. Each embedded file becomes an entry below the executable
/// (<c>claude!/$bunfs/root/cli.js</c>), read as a slice of the executable's memory; the executable's own
/// bytes outside the payload become <c>(executable)</c> entries so they still get the string harvest and
/// the raw xor sweep. An executable without a payload is not opened: it stays one binary entry.
/// </summary>
public sealed class SingleFileExecutableUnpacker : IUnpacker
{
    /// <summary>The name of the executable's own bytes before the payload (and, with a suffix, after it).</summary>
    public const string HostEntryName = "(executable)";

    public string Format => "single-file executable";

    public bool CanUnpack(string name, ReadOnlySpan<byte> head)
    {
        if (!NativeImage.HasNativeMagic(head))
        {
            return false;
        }

        var image = NativeImage.TryRead(head, out _);
        return BunModuleGraphReader.Contains(head, image) || NodeSeaReader.Contains(image) || PkgReader.Contains(head);
    }

    public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context)
    {
        var label = container.Path.Length == 0 ? container.Name : container.Path;
        var image = NativeImage.TryRead(container.Content.Span, out var imageProblem);
        if (image is null && imageProblem is not null)
        {
            context.Refuse(label, RefusalKind.Corrupt, $"executable headers are unreadable ({imageProblem}); the embedded application was looked for at the end of the file");
        }

        foreach (var problem in image?.Problems ?? [])
        {
            context.Refuse(label, RefusalKind.Corrupt, problem);
        }

        var payload = ReadPayload(container.Content, image, context.Limits.MaxEntryBytes);
        if (payload is null)
        {
            yield break;
        }

        foreach (var problem in payload.Problems)
        {
            context.Refuse(label, RefusalKind.Corrupt, $"{payload.Format} payload: {problem}");
        }

        if (payload.Files.Count > 0)
        {
            context.RecordPayload(Listing(label, payload));
        }

        // Costliest first: entries are scanned in parallel as they come, and a large module met last
        // (a 6 MB chunk among 3,700 small ones) would leave one core working alone at the end. The
        // report orders findings itself, and the listing keeps the payload's own order.
        var entries = payload.Files.Select(file => Entry(container, file, context)).OfType<ArtifactEntry>()
            .Concat(HostEntries(container, payload, context))
            .OrderByDescending(ScanCost)
            .ToList();
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    /// <summary>
    /// A script costs about twenty times more per byte to scan than a binary (it is parsed and its
    /// values followed; a binary only gets the string harvest), as measured on claude-code's builds.
    /// </summary>
    private const long ScriptCostPerByte = 20;

    private static long ScanCost(ArtifactEntry entry) =>
        entry.Content.Length * (entry.Kind == EntryKind.JavaScript ? ScriptCostPerByte : 1);

    private static EmbeddedPayloadListing Listing(string path, EmbeddedPayload payload) => new(
        path,
        payload.Format,
        payload.Offset,
        payload.Length,
        [.. payload.Files.Select(f => new EmbeddedFileListing(
            f.Name,
            f.Kind switch { EmbeddedContentKind.Source => "source", EmbeddedContentKind.Bytecode => "bytecode", _ => "asset" },
            f.Content.Length,
            f.Encoding == ContentEncoding.Latin1 ? "latin1" : "utf-8",
            f.IsEntryPoint,
            f.Note))]);

    private static EmbeddedPayload? ReadPayload(ReadOnlyMemory<byte> content, NativeImage? image, long maxDecompressedBytes) =>
        BunModuleGraphReader.TryRead(content, image)
        ?? (image is null ? null : NodeSeaReader.TryRead(content, image))
        ?? PkgReader.TryRead(content, image, maxDecompressedBytes);

    private static ArtifactEntry? Entry(ArtifactEntry container, EmbeddedFile file, UnpackContext context)
    {
        var name = EntryNames.Normalise(file.Name, out var problem);
        if (name is null)
        {
            context.Refuse(EntryNames.Join(container, EntryNames.Printable(file.Name)), RefusalKind.PathTraversal, $"embedded file name refused: {problem}");
            return null;
        }

        var path = EntryNames.Join(container, name);
        if (file.Note is { } note)
        {
            context.Refuse(path, RefusalKind.BytecodeOnly, note);
        }

        if (!context.TryReserve(path, file.Content.Length))
        {
            return null;
        }

        var kind = file.Kind switch
        {
            EmbeddedContentKind.Bytecode => EntryKind.Binary,
            EmbeddedContentKind.Source when file.IsScript => EntryKind.JavaScript,
            _ => EntryClassifier.Classify(name, file.Content.Span),
        };
        return new ArtifactEntry
        {
            Path = path,
            Name = name,
            Content = file.Content,
            Kind = kind,
            Encoding = file.Encoding,
            Depth = container.Depth + 1,
            Parent = container,
        };
    }

    /// <summary>The executable's bytes outside the payload: the runtime, its own strings, anything appended.</summary>
    private static IEnumerable<ArtifactEntry> HostEntries(ArtifactEntry container, EmbeddedPayload payload, UnpackContext context)
    {
        var content = container.Content;

        // A payload that could not be placed (a damaged graph) leaves the whole file to the host entry.
        var before = payload.Length == 0 ? content.Length : (int)Math.Clamp(payload.Offset, 0, content.Length);
        var after = payload.Length == 0 ? content.Length : (int)Math.Clamp(payload.Offset + payload.Length, before, content.Length);
        (string Name, ReadOnlyMemory<byte> Bytes)[] parts =
        [
            (HostEntryName, content[..before]),
            ($"{HostEntryName}+{after}", content[after..]),
        ];
        foreach (var (name, bytes) in parts)
        {
            var path = EntryNames.Join(container, name);
            if (bytes.Length == 0 || !context.TryReserve(path, bytes.Length))
            {
                continue;
            }

            yield return new ArtifactEntry
            {
                Path = path,
                Name = name,
                Content = bytes,
                Kind = EntryKind.Binary,
                Depth = container.Depth + 1,
                Parent = container,
            };
        }
    }
}
