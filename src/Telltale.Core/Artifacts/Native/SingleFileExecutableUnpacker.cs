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

    /// <summary>The <see cref="Format"/> of this unpacker, which its host entries carry as <see cref="ArtifactEntry.RemainderOf"/>.</summary>
    public const string FormatName = "single-file executable";

    public string Format => FormatName;

    public bool CanUnpack(string name, ReadOnlySpan<byte> head)
    {
        if (!NativeImage.HasNativeMagic(head))
        {
            return false;
        }

        var image = NativeImage.TryRead(head, out _);
        return BunModuleGraphReader.Contains(head, image) || NodeSeaReader.Contains(image) || PkgReader.Contains(head, image) || NodeSeaReader.HasFuseSet(head);
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

        var (payloads, problems) = ReadPayloads(container.Content, image, context.Limits.MaxEntryBytes);
        var readable = payloads.Where(p => p.Files.Count > 0).ToList();
        if (readable.Count == 0 && problems.Count == 0)
        {
            // CanUnpack saw marks that no reader then stood behind (an offsets record that fits but leads nowhere).
            problems.Add("the executable carries the marks of an embedded application but no layout of it reads");
        }

        foreach (var problem in problems)
        {
            context.Refuse(label, RefusalKind.DamagedApplication, problem);
        }

        var executableSha256 = readable.Count == 0 ? null : System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(container.Content.Span));
        foreach (var payload in readable)
        {
            context.RecordPayload(Listing(label, payload) with { ExecutableSha256 = executableSha256 });
        }

        // Costliest first: entries are scanned in parallel as they come, and a large module met last
        // (a 6 MB chunk among 3,700 small ones) would leave one core working alone at the end. The
        // report orders findings itself, and the listing keeps the payload's own order.
        var entries = FileEntries(container, readable, context)
            .Concat(HostEntries(container, problems.Count > 0 ? [] : readable, context))
            .OrderByDescending(ScanCost)
            .ToList();
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    /// <summary>
    /// What every payload reader finds. All are asked, whatever an earlier one found: a damaged or decoy
    /// layout of one kind must not keep another kind's application from being read. A reader that throws
    /// breaks its promise; that becomes a problem line, and the other readers still run.
    /// </summary>
    private static (List<EmbeddedPayload> Payloads, List<string> Problems) ReadPayloads(ReadOnlyMemory<byte> content, NativeImage? image, long maxDecompressedBytes)
    {
        var payloads = new List<EmbeddedPayload>();
        var problems = new List<string>();
        (string Format, Func<IEnumerable<EmbeddedPayload>> Read)[] readers =
        [
            (BunModuleGraphReader.Format, () => BunModuleGraphReader.ReadAll(content, image)),
            (NodeSeaReader.Format, () => NodeSeaReader.TryRead(content, image) is { } sea ? [sea] : []),
            (PkgReader.Format, () => PkgReader.TryRead(content, image, maxDecompressedBytes) is { } pkg ? [pkg] : []),
        ];
        foreach (var (format, read) in readers)
        {
            try
            {
                foreach (var payload in read())
                {
                    payloads.Add(payload);
                    problems.AddRange(payload.Problems.Select(problem => $"{payload.Format} payload: {problem}"));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"{format} payload: the reader failed ({EntryNames.OneLine(ex.Message)})");
            }
        }

        return (payloads, problems);
    }

    /// <summary>
    /// The files of every readable payload. A second payload whose names clash with an earlier one's (two Bun
    /// graphs, say) is put under <c>(FORMAT at OFFSET)/</c> so each entry keeps a path of its own.
    /// </summary>
    private static IEnumerable<ArtifactEntry> FileEntries(ArtifactEntry container, List<EmbeddedPayload> payloads, UnpackContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var payload in payloads)
        {
            var prefix = payload.Files.Any(f => names.Contains(f.Name)) ? $"({payload.Format} at {payload.Offset})/" : "";
            foreach (var file in payload.Files)
            {
                names.Add(prefix + file.Name);
                if (Entry(container, file, prefix, context) is { } entry)
                {
                    yield return entry;
                }
            }
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

    private static ArtifactEntry? Entry(ArtifactEntry container, EmbeddedFile file, string prefix, UnpackContext context)
    {
        var name = EntryNames.Normalise(file.Name, out var problem) is { } normalised ? prefix + normalised : null;
        if (name is null)
        {
            context.Refuse(EntryNames.Join(container, EntryNames.Printable(prefix + file.Name)), RefusalKind.PathTraversal, $"embedded file name refused: {problem}");
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

    /// <summary>
    /// The executable's bytes outside the payloads: the runtime, its own strings, anything appended. With no
    /// payload to leave out (a damaged application), the whole file is one host entry: every byte is still
    /// harvested and swept, and bytes a damaged layout points past are not lost. Host entries are marked so
    /// the expander never opens them as an executable again: the whole file would open as itself forever.
    /// </summary>
    private static IEnumerable<ArtifactEntry> HostEntries(ArtifactEntry container, List<EmbeddedPayload> payloads, UnpackContext context)
    {
        var content = container.Content;
        var covered = payloads
            .Select(p => (Start: Math.Clamp(p.Offset, 0, content.Length), End: Math.Clamp(p.Offset + Math.Max(p.Length, 0), 0, content.Length)))
            .Where(r => r.End > r.Start)
            .OrderBy(r => r.Start)
            .ToList();
        var gaps = new List<(long Start, long End)>();
        long at = 0;
        foreach (var (start, end) in covered)
        {
            if (start > at)
            {
                gaps.Add((at, start));
            }

            at = Math.Max(at, end);
        }

        if (at < content.Length)
        {
            gaps.Add((at, content.Length));
        }

        foreach (var (start, end) in gaps)
        {
            var name = start == 0 ? HostEntryName : $"{HostEntryName}+{start}";
            var path = EntryNames.Join(container, name);
            if (!context.TryReserve(path, end - start))
            {
                continue;
            }

            yield return new ArtifactEntry
            {
                Path = path,
                Name = name,
                Content = content[(int)start..(int)end],
                Kind = EntryKind.Binary,
                Depth = container.Depth + 1,
                Parent = container,
                RemainderOf = FormatName,
                OffsetInParent = start,
            };
        }
    }
}
