using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Reads the application a Node.js single executable application (SEA) carries: the preparation blob
/// that <c>node --experimental-sea-config</c> writes and postject injects as <c>NODE_SEA_BLOB</c> (an
/// ELF note, the PE resource <c>RCDATA/NODE_SEA_BLOB</c>, or the Mach-O section
/// <c>NODE_SEA,__NODE_SEA_BLOB</c>). Every file is a slice of the executable's memory.
/// </summary>
/// <remarks>
/// The blob is <c>SeaSerializer::Write</c> in Node's <c>src/node_sea.cc</c>: little-endian, unpadded,
/// u32 magic <c>0x0143DA20</c>, u32 flags, then a u8 exec-argv extension (nodejs/node#59560, 2025) and a
/// u8 main format (25.7+), then <c>size_t</c>-prefixed byte strings: code path, main code or V8 startup
/// snapshot, code cache (flag 4), asset count and key/content pairs (flag 8), exec-argv count and
/// arguments (flag 16). Before 20.6 there was no code path; before 20.3 the code was simply the rest of
/// the blob. The blob names no Node version and <c>size_t</c> is 4 bytes on 32-bit builds, so every
/// header length and width is tried and the one whose fields end exactly at the blob's end is taken;
/// a damaged blob falls back to the layout that read the most fields, with what it could read.
/// </remarks>
public static class NodeSeaReader
{
    public const string Format = "node-sea";

    /// <summary><c>kMagic</c> in Node's <c>src/node_sea.h</c>, the blob's first four bytes (little-endian).</summary>
    public const uint Magic = 0x0143DA20;

    /// <summary>The names <see cref="NativeImage"/> gives the injected blob: ELF note, PE resource, Mach-O section.</summary>
    public static IReadOnlyList<string> RegionNames { get; } = ["NODE_SEA_BLOB", "RCDATA/NODE_SEA_BLOB", "NODE_SEA,__NODE_SEA_BLOB"];

    /// <summary>Name used when the blob carries no code path (Node 20.0 to 20.5).</summary>
    public const string DefaultMainName = "main.js";

    /// <summary>Name of the file that holds the exec-argv section (Node options baked into the executable).</summary>
    public const string ExecArgvName = "(exec argv)";

    private const uint FlagUseSnapshot = 1 << 1;
    private const uint FlagUseCodeCache = 1 << 2;
    private const uint FlagIncludeAssets = 1 << 3;
    private const uint FlagIncludeExecArgv = 1 << 4;
    private const uint KnownFlags = (1 << 5) - 1;

    // A main path longer than this is a misread length, not a path; it also bounds the validation work.
    private const int MaxCodePathBytes = 4096;

    // Names end up in reports; longer keys are cut, the content is unaffected.
    private const int MaxNameChars = 1024;

    private sealed record Layout(int HeaderBytes, bool HasCodePath, int SizeBytes, string Description);

    // Ordered by how common they are: on equal evidence the earlier one wins.
    private static readonly Layout[] Layouts =
    [
        new(8, true, 8, "8-byte header (Node 20.6 until the execArgvExtension byte)"),
        new(9, true, 8, "9-byte header with the execArgvExtension byte (nodejs/node#59560: 22.20+, late 24.x, 25.0-25.6)"),
        new(10, true, 8, "10-byte header with main format (Node 25.7+)"),
        new(8, true, 4, "8-byte header, 32-bit sizes"),
        new(9, true, 4, "9-byte header, 32-bit sizes"),
        new(10, true, 4, "10-byte header, 32-bit sizes"),
        new(8, false, 8, "no code path (Node 20.3 to 20.5)"),
        new(8, false, 4, "no code path, 32-bit sizes"),
    ];

    /// <summary>True when the image has a region where postject puts the SEA blob (cheap: no blob is read).</summary>
    public static bool Contains(NativeImage? image) => image is not null && RegionNames.Any(name => image.Find(name).Any());

    /// <summary>
    /// Node's sentinel fuse as postject leaves it after injecting a blob (it flips the last character from
    /// 0 to 1); Node looks for the blob only then. Built at run time so this assembly does not carry the
    /// set fuse as bytes itself.
    /// </summary>
    private static readonly byte[] FuseSet = Encoding.ASCII.GetBytes(string.Concat("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2", ":", "1"));

    /// <summary>True when the file holds Node's SEA fuse in its set state: postject injected a blob into it.</summary>
    public static bool HasFuseSet(ReadOnlySpan<byte> file) => file.IndexOf(FuseSet) >= 0;

    /// <summary>
    /// The application in the executable's <c>NODE_SEA_BLOB</c>, or null when the image has none. A blob
    /// region that is not a SEA blob, or a second, different blob (another slice of a universal Mach-O),
    /// is reported in <see cref="EmbeddedPayload.Problems"/>.
    /// </summary>
    /// <remarks>
    /// An executable whose fuse is set but that has no blob region (or no readable headers) is reported too:
    /// Node will look for a blob in it, and one this reader cannot find is one it cannot read.
    /// </remarks>
    public static EmbeddedPayload? TryRead(ReadOnlyMemory<byte> file, NativeImage? image)
    {
        var regions = image is null ? [] : RegionNames.SelectMany(image.Find).DistinctBy(r => (r.Offset, r.Length)).ToList();
        if (regions.Count == 0)
        {
            return HasFuseSet(file.Span)
                ? new EmbeddedPayload(Format, 0, 0, [])
                {
                    Problems = [image is null
                        ? "the SEA fuse is set, so Node looks for a NODE_SEA_BLOB, but the executable headers do not read"
                        : "the SEA fuse is set, so Node looks for a NODE_SEA_BLOB, but no note, resource or section of that name is in the headers"],
                }
                : null;
        }

        var problems = new List<string>();
        EmbeddedPayload? found = null;
        NativeRegion? foundRegion = null;
        foreach (var region in regions)
        {
            if (found is null || foundRegion is null)
            {
                found = ReadBlob(file, region.Offset, region.Length);
                foundRegion = found is null ? null : region;
                if (found is null)
                {
                    problems.Add($"{region.Kind} {region.Name} at offset {region.Offset} ({region.Length} bytes) does not start with the SEA magic");
                }

                continue;
            }

            // A universal Mach-O carries one blob per architecture; a different one would run on some machines only.
            if (!SameBytes(file, foundRegion, region))
            {
                problems.Add($"{region.Kind} {region.Name} at offset {region.Offset} ({region.Length} bytes) differs from the blob read at offset {foundRegion.Offset}; not read");
            }
        }

        if (found is null)
        {
            return new EmbeddedPayload(Format, regions[0].Offset, regions[0].Length, []) { Problems = problems };
        }

        return problems.Count == 0 ? found : found with { Problems = [.. found.Problems, .. problems] };
    }

    /// <summary>
    /// Reads the SEA blob at <paramref name="blobOffset"/>: null when it does not start with the SEA
    /// magic or the offset is outside the file; otherwise the files it holds, with a problem line for
    /// every part that could not be read.
    /// </summary>
    public static EmbeddedPayload? ReadBlob(ReadOnlyMemory<byte> file, long blobOffset, long blobLength)
    {
        if (blobOffset < 0 || blobLength < 0 || blobOffset > file.Length)
        {
            return null;
        }

        var problems = new List<string>();
        var available = file.Length - blobOffset;
        if (blobLength > available)
        {
            problems.Add($"the blob is said to hold {blobLength} bytes but the file ends {available} bytes after its start");
            blobLength = available;
        }

        var blob = file.Slice((int)blobOffset, (int)blobLength);
        var span = blob.Span;
        if (span.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
        {
            return null;
        }

        if (span.Length < 8)
        {
            problems.Add("the blob ends inside its flags");
            return new EmbeddedPayload(Format, blobOffset, blobLength, []) { Problems = problems };
        }

        var readings = new List<Reading>(Layouts.Length);
        foreach (var layout in Layouts)
        {
            readings.Add(Parse(span, layout));
        }

        var files = new List<EmbeddedFile>();
        var best = Choose(span, readings);
        if (best is null)
        {
            if (RawCodeStart(span) is { } rawStart)
            {
                // Node 20.0 to 20.2 stored the script right after the header; there is no name.
                files.Add(new EmbeddedFile(DefaultMainName, blob[rawStart..], EmbeddedContentKind.Source) { IsEntryPoint = true, IsScript = true });
                return new EmbeddedPayload(Format, blobOffset, blobLength, files) { Problems = problems };
            }

            best = readings.Where(r => r.Layout.HasCodePath).OrderByDescending(r => r.FieldsRead).ThenByDescending(r => r.Position).First();
        }

        problems.AddRange(best.Problems);
        if (best.Failure is not null)
        {
            problems.Add($"{best.Failure} (read as {best.Layout.Description})");
        }
        else if (best.Position < span.Length && span[best.Position..].IndexOfAnyExcept((byte)0) >= 0)
        {
            problems.Add($"{span.Length - best.Position} bytes follow the last field and were not read (read as {best.Layout.Description})");
        }

        AddFiles(blob, best, files);
        return new EmbeddedPayload(Format, blobOffset, blobLength, files) { Problems = problems };
    }

    /// <summary>
    /// The layout whose fields all fit, preferring one that ends exactly at the blob's end (or before
    /// zero padding); null when none fits, so the caller falls back to raw code or a partial read.
    /// </summary>
    private static Reading? Choose(ReadOnlySpan<byte> blob, List<Reading> readings)
    {
        Reading? best = null;
        var bestScore = 0;
        foreach (var reading in readings)
        {
            var score = Score(blob, reading);

            // A layout without a code path reads a modern blob's path as its code; only an exact fit counts for it.
            if (!reading.Layout.HasCodePath && score < 2)
            {
                continue;
            }

            if (score > bestScore)
            {
                best = reading;
                bestScore = score;
            }
        }

        return best;
    }

    private static int Score(ReadOnlySpan<byte> blob, Reading reading)
    {
        if (reading.Failure is not null)
        {
            return 0;
        }

        if (reading.Position == blob.Length)
        {
            return 3;
        }

        return blob[reading.Position..].IndexOfAnyExcept((byte)0) < 0 ? 2 : 1;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Where the script starts in a Node 20.0–20.2 blob: right after the magic when the "flags" are
    /// text, after the flags when the first "length" is text. Null when the bytes look like a length.
    /// </summary>
    private static int? RawCodeStart(ReadOnlySpan<byte> blob)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if ((flags & ~KnownFlags) != 0 && LooksLikeText(blob[4..]))
        {
            return 4;
        }

        if ((flags & ~KnownFlags) == 0 && LooksLikeText(blob[8..]))
        {
            return 8;
        }

        return null;
    }

    /// <summary>Eight printable ASCII or whitespace bytes (after an optional BOM): how scripts begin, and what no length field looks like.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith(Utf8Bom))
        {
            start = start[3..];
        }

        if (start.Length < 8)
        {
            return false;
        }

        foreach (var b in start[..8])
        {
            if (b is not ((>= 0x20 and < 0x7F) or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddFiles(ReadOnlyMemory<byte> blob, Reading reading, List<EmbeddedFile> files)
    {
        var span = blob.Span;
        var mainName = reading.CodePath is { } path ? Label(span.Slice(path.Offset, path.Length), DefaultMainName) : DefaultMainName;
        var snapshot = (reading.Flags & FlagUseSnapshot) != 0;
        var main = reading.Main ?? reading.Overrun(Field.Main);
        if (main is { } code)
        {
            files.Add(snapshot
                ? new EmbeddedFile(mainName, blob.Slice(code.Offset, code.Length), EmbeddedContentKind.Bytecode)
                {
                    IsEntryPoint = true,
                    Note = $"V8 startup snapshot built from {mainName}: the application is a serialized heap, no source",
                }
                : new EmbeddedFile(mainName, blob.Slice(code.Offset, code.Length), EmbeddedContentKind.Source) { IsEntryPoint = true, IsScript = true });
        }

        if ((reading.CodeCache ?? reading.Overrun(Field.CodeCache)) is { } cache)
        {
            // The cache sits next to its source, so it is named apart from it.
            files.Add(new EmbeddedFile(mainName + ".bytecode", blob.Slice(cache.Offset, cache.Length), EmbeddedContentKind.Bytecode));
        }

        foreach (var (key, content) in reading.Assets)
        {
            var name = Label(span.Slice(key.Offset, key.Length), "(unnamed asset)");
            files.Add(new EmbeddedFile(name, blob.Slice(content.Offset, content.Length), IsSourceName(name) ? EmbeddedContentKind.Source : EmbeddedContentKind.Asset));
        }

        if (reading.Overrun(Field.AssetContent) is { } partialAsset && reading.PendingAssetKey is { } pendingKey)
        {
            var name = Label(span.Slice(pendingKey.Offset, pendingKey.Length), "(unnamed asset)");
            files.Add(new EmbeddedFile(name, blob.Slice(partialAsset.Offset, partialAsset.Length), IsSourceName(name) ? EmbeddedContentKind.Source : EmbeddedContentKind.Asset));
        }

        if (reading.ExecArgvSection is { } argv)
        {
            // Options such as --require or --inspect change what runs; the section (counts and strings) goes to the string harvest.
            files.Add(new EmbeddedFile(ExecArgvName, blob.Slice(argv.Offset, argv.Length), EmbeddedContentKind.Asset));
        }
    }

    private static bool IsSourceName(string name) =>
        name.EndsWith(".js", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The code path and asset keys are labels (Node uses them for stack traces and <c>getAsset</c>),
    /// not locations in the blob, so a root, drive or <c>..</c> in them is dropped rather than letting
    /// the entry be refused and the application go unscanned.
    /// </summary>
    private static string Label(ReadOnlySpan<byte> raw, string fallback)
    {
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, MaxNameChars * 4)]);
        var segments = text.Replace('\\', '/').Split('/').Where(s => s.Length > 0 && s != "." && s != "..").ToList();
        if (segments.Count > 0 && segments[0].Length == 2 && segments[0][1] == ':' && char.IsAsciiLetter(segments[0][0]))
        {
            segments.RemoveAt(0);
        }

        if (segments.Count == 0)
        {
            return fallback;
        }

        var joined = string.Join('/', segments);
        if (joined.Length > MaxNameChars)
        {
            joined = joined[..MaxNameChars];
        }

        return string.Create(joined.Length, joined, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static bool SameBytes(ReadOnlyMemory<byte> file, NativeRegion a, NativeRegion b)
    {
        if (a.Length != b.Length || !Fits(file, a) || !Fits(file, b))
        {
            return a.Length == b.Length;
        }

        return file.Span.Slice((int)a.Offset, (int)a.Length).SequenceEqual(file.Span.Slice((int)b.Offset, (int)b.Length));
    }

    private static bool Fits(ReadOnlyMemory<byte> file, NativeRegion region) =>
        region.Offset >= 0 && region.Length >= 0 && region.Offset <= file.Length && region.Length <= file.Length - region.Offset;

    private static Reading Parse(ReadOnlySpan<byte> blob, Layout layout)
    {
        var reading = new Reading(layout);
        if (blob.Length < layout.HeaderBytes)
        {
            reading.Failure = "the blob ends inside its header";
            return reading;
        }

        reading.Flags = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if ((reading.Flags & ~KnownFlags) != 0)
        {
            reading.Problems.Add($"flags 0x{reading.Flags:x} include bits this reader does not know; fields they add are not read");
        }

        // SeaExecArgvExtension is kNone, kEnv or kCli; ModuleFormat is kCommonJS or kModule.
        if ((layout.HeaderBytes >= 9 && blob[8] > 2) || (layout.HeaderBytes >= 10 && blob[9] > 1))
        {
            reading.Failure = "the header's extension bytes are out of range";
            return reading;
        }

        reading.Position = layout.HeaderBytes;
        if (layout.HasCodePath)
        {
            if (!reading.TryReadBytes(blob, Field.CodePath, out var path))
            {
                return reading;
            }

            var pathBytes = blob.Slice(path.Offset, path.Length);
            if (path.Length == 0 || path.Length > MaxCodePathBytes || !Utf8.IsValid(pathBytes) || pathBytes.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                reading.Failure = "the code path is not a plausible file name";
                return reading;
            }

            reading.CodePath = path;
        }

        if (!reading.TryReadBytes(blob, Field.Main, out var main))
        {
            return reading;
        }

        reading.Main = main;
        if ((reading.Flags & FlagUseCodeCache) != 0)
        {
            if (!reading.TryReadBytes(blob, Field.CodeCache, out var cache))
            {
                return reading;
            }

            reading.CodeCache = cache;
        }

        if ((reading.Flags & FlagIncludeAssets) != 0)
        {
            if (!reading.TryReadCount(blob, Field.AssetCount, 2, out var count))
            {
                return reading;
            }

            for (ulong i = 0; i < count; i++)
            {
                if (!reading.TryReadBytes(blob, Field.AssetKey, out var key))
                {
                    return reading;
                }

                reading.PendingAssetKey = key;
                if (!reading.TryReadBytes(blob, Field.AssetContent, out var content))
                {
                    return reading;
                }

                reading.PendingAssetKey = null;
                reading.Assets.Add((key, content));
            }
        }

        if ((reading.Flags & FlagIncludeExecArgv) != 0)
        {
            var start = reading.Position;
            if (!reading.TryReadCount(blob, Field.ExecArgvCount, 1, out var count))
            {
                return reading;
            }

            for (ulong i = 0; i < count; i++)
            {
                if (!reading.TryReadBytes(blob, Field.ExecArg, out _))
                {
                    reading.ExecArgvSection = (start, blob.Length - start);
                    return reading;
                }
            }

            reading.ExecArgvSection = (start, reading.Position - start);
        }

        return reading;
    }

    private enum Field
    {
        CodePath,
        Main,
        CodeCache,
        AssetCount,
        AssetKey,
        AssetContent,
        ExecArgvCount,
        ExecArg,
    }

    private static string Describe(Field field) => field switch
    {
        Field.CodePath => "code path",
        Field.Main => "main code",
        Field.CodeCache => "code cache",
        Field.AssetCount => "asset count",
        Field.AssetKey => "asset name",
        Field.AssetContent => "asset content",
        Field.ExecArgvCount => "exec-argv count",
        _ => "exec-argv argument",
    };

    /// <summary>One attempt to read the blob with one layout; ranges are relative to the blob.</summary>
    private sealed class Reading(Layout layout)
    {
        public Layout Layout { get; } = layout;

        public uint Flags { get; set; }

        public (int Offset, int Length)? CodePath { get; set; }

        public (int Offset, int Length)? Main { get; set; }

        public (int Offset, int Length)? CodeCache { get; set; }

        public List<((int Offset, int Length) Key, (int Offset, int Length) Content)> Assets { get; } = [];

        /// <summary>The key of an asset whose content could not be read.</summary>
        public (int Offset, int Length)? PendingAssetKey { get; set; }

        public (int Offset, int Length)? ExecArgvSection { get; set; }

        public int Position { get; set; }

        public int FieldsRead { get; private set; }

        public string? Failure { get; set; }

        public List<string> Problems { get; } = [];

        /// <summary>The field whose declared length ran past the blob's end, and the bytes of it that are there.</summary>
        private (Field Field, int Offset, int Length)? overrun;

        /// <summary>What is left of a field whose declared length ran past the end: truncated code is still code.</summary>
        public (int Offset, int Length)? Overrun(Field field) =>
            overrun is { } o && o.Field == field ? (o.Offset, o.Length) : null;

        public bool TryReadBytes(ReadOnlySpan<byte> blob, Field field, out (int Offset, int Length) range)
        {
            range = default;
            if (!TryReadSize(blob, field, out var declared))
            {
                return false;
            }

            var left = blob.Length - Position;
            if (declared > (ulong)left)
            {
                Failure = $"the {Describe(field)} at blob offset {Position - Layout.SizeBytes} claims {declared} bytes but only {left} remain";
                overrun = (field, Position, left);
                return false;
            }

            range = (Position, (int)declared);
            Position += (int)declared;
            FieldsRead++;
            return true;
        }

        /// <summary>A count of items that each take at least <paramref name="sizesPerItem"/> length fields: more than fit is a misread.</summary>
        public bool TryReadCount(ReadOnlySpan<byte> blob, Field field, int sizesPerItem, out ulong count)
        {
            if (!TryReadSize(blob, field, out count))
            {
                return false;
            }

            var fit = (ulong)(blob.Length - Position) / (ulong)(sizesPerItem * Layout.SizeBytes);
            if (count > fit)
            {
                Failure = $"the {Describe(field)} at blob offset {Position - Layout.SizeBytes} is {count}, more than the {blob.Length - Position} bytes left can hold";
                return false;
            }

            FieldsRead++;
            return true;
        }

        private bool TryReadSize(ReadOnlySpan<byte> blob, Field field, out ulong value)
        {
            value = 0;
            if (blob.Length - Position < Layout.SizeBytes)
            {
                Failure = $"the blob ends inside the length of the {Describe(field)} at blob offset {Position}";
                return false;
            }

            value = Layout.SizeBytes == 8
                ? BinaryPrimitives.ReadUInt64LittleEndian(blob[Position..])
                : BinaryPrimitives.ReadUInt32LittleEndian(blob[Position..]);
            Position += Layout.SizeBytes;
            return true;
        }
    }
}
