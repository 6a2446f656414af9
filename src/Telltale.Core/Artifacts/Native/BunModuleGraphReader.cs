using System.Buffers.Binary;
using System.Text;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Reads the module graph that <c>bun build --compile</c> embeds in an executable: the <c>.bun</c>
/// section (ELF, PE), the <c>__BUN,__bun</c> section (Mach-O) or, in older builds, bytes appended to the
/// file. The graph ends with an offsets record and the trailer <c>\n---- Bun! ----\n</c>; every pointer
/// in it is relative to the graph's first byte.
/// </summary>
/// <remarks>
/// The record layouts changed between Bun releases (module records of 36, 44 and 52 bytes; offsets
/// records of 24 and 32 bytes), and nothing in the file names the version. Each combination is tried
/// and kept only when every module record points inside the graph and has a plausible name, so a
/// layout we have not seen yields no modules instead of garbage.
/// </remarks>
public static class BunModuleGraphReader
{
    public const string Format = "bun";

    private static readonly byte[] Trailer = "\n---- Bun! ----\n"u8.ToArray();

    /// <summary>How far before a region's end (or the file's end) the trailer is looked for: sections are padded.</summary>
    private const int TrailerSearchBytes = 64 * 1024;

    private static readonly int[] OffsetsRecordSizes = [32, 24];
    private static readonly int[] ModuleRecordSizes = [52, 44, 36];

    private const int StringPointerBytes = 8;
    private const int MaxModules = 1_000_000;

    private static readonly string[] VirtualRoots = ["/$bunfs/", "B:/~BUN/", "B:\\~BUN\\", "compiled://"];

    /// <summary>
    /// True when the file holds Bun's trailer where Bun writes it (at the end of a Bun section, or in data
    /// appended past the image), or anywhere near its end with an offsets record that fits the file.
    /// </summary>
    public static bool Contains(ReadOnlySpan<byte> file, NativeImage? image)
    {
        foreach (var (offset, placed) in FindTrailers(file, image))
        {
            if (placed || Candidates(file, offset).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The embedded modules, or null when this is not a Bun executable: the first graph that reads, with a
    /// problem line for every other trailer that does not; a payload without files when none reads.
    /// </summary>
    public static EmbeddedPayload? TryRead(ReadOnlyMemory<byte> file, NativeImage? image)
    {
        var graphs = ReadAll(file, image);
        if (graphs.Count == 0)
        {
            return null;
        }

        var problems = graphs.SelectMany(g => g.Problems).ToList();
        var first = graphs.FirstOrDefault(g => g.Files.Count > 0);
        return first is null
            ? new EmbeddedPayload(Format, 0, 0, []) { Problems = problems }
            : first with { Problems = problems };
    }

    /// <summary>
    /// Every trailer's graph, in the order the trailers were found (section first, then the end of the file):
    /// a payload with the modules for each graph that reads, one without files but with the reason for each
    /// placed trailer that does not. A file can carry more than one graph (a section and an appended one);
    /// which one runs depends on the Bun version, so each one that reads is returned. Empty when there is no
    /// trailer.
    /// </summary>
    /// <remarks>
    /// A trailer inside the image's own sections (not a Bun section) is where no Bun build puts one: there it
    /// is most likely the constant a tool searches with (Bun's runtime, a scanner such as this one), so it
    /// is used when a graph reads behind it and passed over silently when none does.
    /// </remarks>
    public static IReadOnlyList<EmbeddedPayload> ReadAll(ReadOnlyMemory<byte> file, NativeImage? image)
    {
        var graphs = new List<EmbeddedPayload>();
        foreach (var trailer in FindTrailers(file.Span, image))
        {
            var problems = new List<string>();
            if (TryReadGraph(file, trailer.Offset, problems) is { } graph)
            {
                graphs.Add(graph);
            }
            else if (trailer.Placed)
            {
                graphs.Add(new EmbeddedPayload(Format, trailer.Offset, 0, []) { Problems = problems });
            }
        }

        return graphs;
    }

    /// <summary>
    /// Trailers at the end of a Bun section first, then the last one near the end of the file. Placed: in a
    /// Bun section, past the end of the image (appended, as older Bun builds do), or anywhere when the
    /// headers cannot be read.
    /// </summary>
    private static List<(long Offset, bool Placed)> FindTrailers(ReadOnlySpan<byte> file, NativeImage? image)
    {
        var found = new List<(long Offset, bool Placed)>();
        if (image is not null)
        {
            foreach (var region in image.Find(".bun").Concat(image.Find("__BUN,__bun")))
            {
                if (LastTrailer(file, region.Offset, region.End) is { } inSection)
                {
                    found.Add((inSection, true));
                }
            }
        }

        if (LastTrailer(file, 0, file.Length) is { } nearEnd && !found.Any(f => f.Offset == nearEnd))
        {
            found.Add((nearEnd, image is null || nearEnd >= image.ImageEnd));
        }

        return found;
    }

    private static long? LastTrailer(ReadOnlySpan<byte> file, long start, long end)
    {
        if (start < 0 || end > file.Length || end - start < Trailer.Length)
        {
            return null;
        }

        var searchStart = Math.Max(start, end - TrailerSearchBytes);
        var index = file[(int)searchStart..(int)end].LastIndexOf(Trailer);
        return index >= 0 ? searchStart + index : null;
    }

    /// <summary>One way to read the offsets record before a trailer: where the graph starts and how its module table is cut.</summary>
    private readonly record struct Layout(long GraphStart, long ByteCount, StringPointer Modules, int RecordSize, int Count, int EntryPointId);

    /// <summary>
    /// The offsets-record and module-record layouts whose numbers fit: graph inside the file, module table
    /// inside the graph, a whole number of records, not too many of them, an entry point among them.
    /// </summary>
    private static List<Layout> Candidates(ReadOnlySpan<byte> file, long trailerStart)
    {
        var layouts = new List<Layout>();
        foreach (var offsetsSize in OffsetsRecordSizes)
        {
            var offsetsStart = trailerStart - offsetsSize;
            if (offsetsStart < 0)
            {
                continue;
            }

            var offsets = file.Slice((int)offsetsStart, offsetsSize);
            var byteCount = BinaryPrimitives.ReadUInt64LittleEndian(offsets);
            if (byteCount > (ulong)offsetsStart)
            {
                continue;
            }

            var modulesPointer = ReadPointer(offsets[8..]);
            var entryPointId = BinaryPrimitives.ReadUInt32LittleEndian(offsets[16..]);
            if (!modulesPointer.IsInside((long)byteCount) || modulesPointer.Length == 0)
            {
                continue;
            }

            foreach (var recordSize in ModuleRecordSizes)
            {
                if (modulesPointer.Length % recordSize != 0 || modulesPointer.Length / recordSize > MaxModules)
                {
                    continue;
                }

                var count = (int)(modulesPointer.Length / recordSize);
                if (entryPointId < count)
                {
                    layouts.Add(new Layout(offsetsStart - (long)byteCount, (long)byteCount, modulesPointer, recordSize, count, (int)entryPointId));
                }
            }
        }

        return layouts;
    }

    private static EmbeddedPayload? TryReadGraph(ReadOnlyMemory<byte> file, long trailerStart, List<string> problems)
    {
        foreach (var layout in Candidates(file.Span, trailerStart))
        {
            var graph = file.Slice((int)layout.GraphStart, (int)layout.ByteCount);
            var records = graph.Span.Slice((int)layout.Modules.Offset, (int)layout.Modules.Length);
            if (ReadModules(graph, records, layout.RecordSize, layout.Count, layout.EntryPointId) is { } files)
            {
                return new EmbeddedPayload(Format, layout.GraphStart, trailerStart + Trailer.Length - layout.GraphStart, files.Files)
                {
                    Problems = files.Problems,
                };
            }
        }

        problems.Add($"Bun trailer at offset {trailerStart} but no module table layout fits; the graph is corrupt or of an unknown Bun version");
        return null;
    }

    private static (List<EmbeddedFile> Files, List<string> Problems)? ReadModules(
        ReadOnlyMemory<byte> graph, ReadOnlySpan<byte> records, int recordSize, int count, int entryPointId)
    {
        var modules = new List<Module>(count);
        for (var i = 0; i < count; i++)
        {
            var record = records.Slice(i * recordSize, recordSize);
            var pointerCount = (recordSize - 4) / StringPointerBytes;
            var name = ReadPointer(record);
            var contents = ReadPointer(record[8..]);
            var bytecode = ReadPointer(record[24..]);
            var flags = record[(pointerCount * StringPointerBytes)..];
            if (!name.IsInside(graph.Length) || name.Length == 0 || !contents.IsInside(graph.Length))
            {
                return null;
            }

            var nameText = Encoding.UTF8.GetString(graph.Span.Slice((int)name.Offset, (int)name.Length));
            if (!VirtualRoots.Any(root => nameText.StartsWith(root, StringComparison.Ordinal)) || nameText.Any(char.IsControl))
            {
                return null;
            }

            if (flags[0] > 2)
            {
                return null;
            }

            modules.Add(new Module(nameText, contents, bytecode, (BunEncoding)flags[0], (BunLoader)flags[1]));
        }

        var problems = new List<string>();
        var bytecodeEnds = BytecodeEnds(modules, graph.Length);
        var files = new List<EmbeddedFile>(count * 2);
        for (var i = 0; i < modules.Count; i++)
        {
            var module = modules[i];
            var name = RelativeName(module.Name);
            var isScript = module.Loader.IsJavaScriptLike();
            var hasBytecode = module.Bytecode.Length > 0;
            if (hasBytecode && !module.Bytecode.IsInside(graph.Length))
            {
                problems.Add($"{name}: bytecode pointer {module.Bytecode.Offset}+{module.Bytecode.Length} is outside the module graph of {graph.Length} bytes");
                hasBytecode = false;
            }

            var bytecodeOnly = hasBytecode && IsPlaceholder(graph.Span.Slice((int)module.Contents.Offset, (int)module.Contents.Length));
            if (!bytecodeOnly || module.Contents.Length > 0)
            {
                files.Add(new EmbeddedFile(name, graph.Slice((int)module.Contents.Offset, (int)module.Contents.Length), isScript || module.Loader.IsText() ? EmbeddedContentKind.Source : EmbeddedContentKind.Asset)
                {
                    Encoding = module.Encoding == BunEncoding.Latin1 ? ContentEncoding.Latin1 : ContentEncoding.Utf8,
                    IsEntryPoint = i == entryPointId,
                    IsScript = isScript,
                });
            }

            if (hasBytecode)
            {
                // Newer builds point every module at the rest of one shared bytecode blob; a module's own
                // code runs from its start to the next module's start.
                var end = Math.Min(module.Bytecode.Offset + module.Bytecode.Length, bytecodeEnds[module.Bytecode.Offset]);
                files.Add(new EmbeddedFile(name + ".jsc", graph.Slice((int)module.Bytecode.Offset, (int)(end - module.Bytecode.Offset)), EmbeddedContentKind.Bytecode)
                {
                    IsEntryPoint = i == entryPointId && bytecodeOnly,
                    Note = bytecodeOnly ? "bytecode only: the module's source is not embedded, so only its strings can be read" : null,
                });
            }
        }

        return (files, problems);
    }

    /// <summary>The virtual path without its root marker, so it joins below the executable: <c>$bunfs/root/cli.js</c>.</summary>
    private static string RelativeName(string name) =>
        name.StartsWith("B:", StringComparison.Ordinal) ? name[3..] : name.TrimStart('/');

    /// <summary>For each bytecode start, where the next distinct start (or the graph) begins.</summary>
    private static Dictionary<long, long> BytecodeEnds(List<Module> modules, int graphLength)
    {
        var starts = modules.Where(m => m.Bytecode.Length > 0 && m.Bytecode.IsInside(graphLength)).Select(m => m.Bytecode.Offset).Distinct().Order().ToArray();
        var ends = new Dictionary<long, long>(starts.Length);
        for (var i = 0; i < starts.Length; i++)
        {
            ends[starts[i]] = i + 1 < starts.Length ? starts[i + 1] : graphLength;
        }

        return ends;
    }

    /// <summary>
    /// A bytecode-only module keeps a stub for its source: empty, or only the <c>// @bun</c> pragma line
    /// that tells the runtime to use the bytecode.
    /// </summary>
    private static bool IsPlaceholder(ReadOnlySpan<byte> contents)
    {
        var trimmed = contents.TrimEnd((byte)0).Trim("\r\n\t "u8);
        if (trimmed.IsEmpty)
        {
            return true;
        }

        var firstLineEnd = trimmed.IndexOf((byte)'\n');
        return firstLineEnd < 0 && trimmed.StartsWith("// @bun"u8);
    }

    private static StringPointer ReadPointer(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));

    private readonly record struct StringPointer(uint Offset, uint Length)
    {
        public bool IsInside(long length) => (long)Offset + Length <= length;
    }

    private sealed record Module(string Name, StringPointer Contents, StringPointer Bytecode, BunEncoding Encoding, BunLoader Loader);
}
