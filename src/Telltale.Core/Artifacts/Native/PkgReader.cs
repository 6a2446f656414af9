using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ZstdSharp;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Reads the snapshot file system that <c>pkg</c> (vercel/pkg 4.x–5.x and the maintained fork
/// yao-pkg/pkg) appends to a patched Node binary: the file stores, then the prelude, a JavaScript
/// function whose last arguments are the file table (path → store → [offset, size] in the payload), the
/// entry point, the symlinks, the path dictionary and the compression. Stored files are slices of the
/// executable unless pkg compressed them (GZip, Brotli, or Zstd in newer yao-pkg).
/// </summary>
/// <remarks>
/// The runtime finds the payload through placeholders in the Node binary that the producer overwrote with
/// space-padded numbers (<c>// PAYLOAD_POSITION //</c> and friends); nothing marks which copy of the text
/// was overwritten, so this reader finds the prelude by its fixed opening, derives the payload's position
/// from the file table (stores are written back to back, so the payload ends where the prelude starts),
/// and then checks that the binary holds those numbers as placeholders. pkg 4.0–4.3 put 16-byte headers
/// before the payload and the prelude instead of placeholders; those are read too.
/// </remarks>
public static class PkgReader
{
    public const string Format = "pkg";

    /// <summary>Decompressed bytes allowed across all files of one executable when the caller names no limit.</summary>
    public const long DefaultMaxDecompressedBytes = 1L << 30;

    /// <summary>The name of the prelude file: pkg's runtime bootstrap and the file table, run before the application.</summary>
    public const string PreludeName = "(pkg prelude)";

    // The producer wraps the packer's prelude in this function; every pkg since 4.0 begins its prelude so.
    private static ReadOnlySpan<byte> PreludeOpening =>
        "(function(process, require, console, EXECPATH_FD, PAYLOAD_POSITION, PAYLOAD_SIZE) { return (function (REQUIRE_COMMON, VIRTUAL_FILESYSTEM, DEFAULT_ENTRYPOINT"u8;

    // makePreludeBufferFromPrelude appends "\n})" to the packer's prelude, which ends with "\n);".
    private static ReadOnlySpan<byte> PreludeEnding => "\n);\n})"u8;

    // pkg 4.0-4.3 (producer "boxes"): three magic words and a 32-bit length before the prelude and the payload.
    private static readonly uint[] PreludeBoxMagic = [0x26e0c928, 0x41f32b66, 0x3ea13ccf];
    private static readonly uint[] PayloadHeaderMagic = [0x75148eba, 0x6fbda9b4, 0x2e20c08d];
    private const int BoxHeaderBytes = 16;

    // The placeholder strings' lengths: the producer pads each number with spaces to exactly this width.
    private const int PositionPlaceholderWidth = 22;
    private const int SizePlaceholderWidth = 18;

    // STORE_BLOB, STORE_CONTENT in pkg's common.ts; STORE_LINKS (2) and STORE_STAT (3) describe directories and stats.
    private const string StoreBlob = "0";
    private const string StoreContent = "1";

    private const int MaxFiles = 1_000_000;
    private const int MaxSymlinkHops = 32;
    private const int MaxNameChars = 1024;

    private enum Compression
    {
        None = 0,
        GZip = 1,
        Brotli = 2,
        Zstd = 3,
    }

    /// <summary>True when the file holds a pkg prelude; the headers are read to tell where it lies.</summary>
    public static bool Contains(ReadOnlySpan<byte> file) => Contains(file, NativeImage.TryRead(file, out _));

    /// <summary>
    /// True when the file holds the opening of a pkg prelude where pkg writes one (see <see cref="IsPlaced"/>),
    /// or elsewhere with the closing lines of the packer's prelude after it.
    /// </summary>
    public static bool Contains(ReadOnlySpan<byte> file, NativeImage? image)
    {
        var preludeStart = file.LastIndexOf(PreludeOpening);
        if (preludeStart < 0)
        {
            return false;
        }

        if (IsPlaced(file, image, preludeStart))
        {
            return true;
        }

        var problems = new List<string>();
        var preludeEnd = FindPreludeEnd(file, preludeStart, boxed: false, problems);
        return preludeEnd >= 0 && ReadArguments(file[preludeStart..preludeEnd], problems) is not null;
    }

    /// <summary>
    /// pkg appends its stores and prelude to the Node binary: past the end of the image the headers describe,
    /// in a Mach-O __LINKEDIT segment (grown to cover them so the code signature does), or behind the box
    /// headers of pkg 4.0–4.3. Anywhere else, inside the image's own code or data, the opening is more likely a
    /// constant a tool searches with than a prelude: a prelude that does not read there is not damage.
    /// </summary>
    private static bool IsPlaced(ReadOnlySpan<byte> file, NativeImage? image, int preludeStart) =>
        image is null
        || preludeStart >= image.ImageEnd
        || HasMagic(file, preludeStart - BoxHeaderBytes, PreludeBoxMagic)
        || image.Find("__LINKEDIT").Any(segment => segment.Kind == NativeRegionKind.Segment && preludeStart >= segment.Offset && preludeStart < segment.End);

    /// <inheritdoc cref="TryRead(ReadOnlyMemory{byte}, NativeImage?, long)"/>
    public static EmbeddedPayload? TryRead(ReadOnlyMemory<byte> file, NativeImage? image) =>
        TryRead(file, image, DefaultMaxDecompressedBytes);

    /// <summary>
    /// The files of a pkg executable, or null when the file holds no pkg prelude (or only the opening of one
    /// inside the image's own code or data, with no table behind it). Compressed stores are inflated up to
    /// <paramref name="maxDecompressedBytes"/> in total; a store that would go past it is left out with a
    /// problem line.
    /// </summary>
    /// <param name="image">Tells where the prelude lies (pkg appends it past the image); null when the headers do not read.</param>
    public static EmbeddedPayload? TryRead(ReadOnlyMemory<byte> file, NativeImage? image, long maxDecompressedBytes)
    {
        var span = file.Span;
        var preludeStart = span.LastIndexOf(PreludeOpening);
        if (preludeStart < 0)
        {
            return null;
        }

        var problems = new List<string>();
        var placed = IsPlaced(span, image, preludeStart);
        var boxed = HasMagic(span, preludeStart - BoxHeaderBytes, PreludeBoxMagic);
        var preludeEnd = FindPreludeEnd(span, preludeStart, boxed, problems);
        if (preludeEnd < 0)
        {
            return Unread(placed, preludeStart, file[preludeStart..], problems);
        }

        var prelude = file[preludeStart..preludeEnd];
        if (ReadArguments(prelude.Span, problems) is not { } arguments)
        {
            return Unread(placed, preludeStart, prelude, problems);
        }

        var table = new Table(problems);
        if (!table.Read(prelude, arguments))
        {
            return Unread(placed, preludeStart, prelude, problems);
        }

        // Stores are written back to back from offset 0, so the last one ends where the payload does.
        var payloadSize = table.PayloadSize;
        var payloadEnd = boxed ? preludeStart - BoxHeaderBytes : preludeStart;
        var payloadPosition = payloadEnd - payloadSize;
        if (payloadPosition < 0)
        {
            problems.Add($"the file table describes {payloadSize} bytes of stores but only {payloadEnd} bytes precede the prelude");
            return Unread(placed, preludeStart, prelude, problems);
        }

        if (boxed)
        {
            CheckPayloadHeader(span, payloadPosition, payloadSize, problems);
        }
        else
        {
            CheckPlaceholders(span, payloadPosition, payloadSize, preludeStart, preludeEnd - preludeStart, problems);
        }

        var files = new List<EmbeddedFile>();
        var budget = Math.Max(0, maxDecompressedBytes);
        var entryPoint = table.ResolveEntryPoint();
        foreach (var entry in table.Entries)
        {
            var isEntryPoint = entryPoint is not null && entry.Name == entryPoint;
            if (entry.Content is { } content
                && Store(file, payloadPosition, content, table.Compression, entry.Name, maxDecompressedBytes, ref budget, problems) is { } source)
            {
                files.Add(new EmbeddedFile(entry.Name, source, IsSourceName(entry.Name) ? EmbeddedContentKind.Source : EmbeddedContentKind.Asset)
                {
                    IsScript = IsScriptName(entry.Name),
                    IsEntryPoint = isEntryPoint,
                });
            }

            if (entry.Blob is { } blob
                && Store(file, payloadPosition, blob, table.Compression, entry.Name, maxDecompressedBytes, ref budget, problems) is { } bytecode)
            {
                // A file shipped as source and bytecode keeps its name for the source.
                files.Add(entry.Content is null
                    ? new EmbeddedFile(entry.Name, bytecode, EmbeddedContentKind.Bytecode)
                    {
                        IsEntryPoint = isEntryPoint,
                        Note = "V8 bytecode only: pkg stored no source for this file",
                    }
                    : new EmbeddedFile(entry.Name + ".bytecode", bytecode, EmbeddedContentKind.Bytecode) { IsEntryPoint = isEntryPoint });
            }
        }

        if (table.EntryPoint is { } declared && entryPoint is null)
        {
            problems.Add($"the entry point {Printable(declared)} is not in the file table");
        }

        files.Add(PreludeFile(prelude));
        return new EmbeddedPayload(Format, payloadPosition, preludeEnd - payloadPosition, files) { Problems = problems };
    }

    /// <summary>The prelude runs before the application and is as much the executable's code, readable or not.</summary>
    private static EmbeddedFile PreludeFile(ReadOnlyMemory<byte> prelude) =>
        new(PreludeName, prelude, EmbeddedContentKind.Source) { IsScript = true };

    /// <summary>A prelude that could not be read: reported where pkg puts one, passed over where it does not.</summary>
    private static EmbeddedPayload? Unread(bool placed, long offset, ReadOnlyMemory<byte> prelude, List<string> problems) =>
        placed ? Broken(offset, prelude, problems) : null;

    /// <summary>A prelude whose file table could not be read: the prelude alone, with the reasons.</summary>
    private static EmbeddedPayload Broken(long offset, ReadOnlyMemory<byte> prelude, List<string> problems) =>
        new(Format, offset, prelude.Length, [PreludeFile(prelude)]) { Problems = problems };

    /// <summary>End of the prelude (exclusive), or -1 with a problem when it cannot be found.</summary>
    private static int FindPreludeEnd(ReadOnlySpan<byte> file, int preludeStart, bool boxed, List<string> problems)
    {
        if (boxed)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(file[(preludeStart - 4)..]);
            if (length < PreludeOpening.Length || length > file.Length - preludeStart)
            {
                problems.Add($"the prelude header at offset {preludeStart - BoxHeaderBytes} gives a length of {length}, which does not fit the file");
                return -1;
            }

            return preludeStart + length;
        }

        // The prelude is the last thing pkg writes; only a code signature (Mach-O) may follow it.
        var ending = file[preludeStart..].LastIndexOf(PreludeEnding);
        if (ending < 0)
        {
            problems.Add($"the pkg prelude at offset {preludeStart} has no end: the file is truncated");
            return -1;
        }

        return preludeStart + ending + PreludeEnding.Length;
    }

    /// <summary>
    /// The prelude's last arguments, oldest first: file table, entry point, then (pkg 5+) symlinks,
    /// dictionary, compression. Each is one line of JSON (JSON.stringify writes no raw newline), the lines
    /// separated by "," lines and closed by ");" and "})".
    /// </summary>
    private static List<Range>? ReadArguments(ReadOnlySpan<byte> prelude, List<string> problems)
    {
        var end = prelude.Length;
        foreach (var closing in (string[])["})", ");"])
        {
            var lineStart = prelude[..end].LastIndexOf((byte)'\n') + 1;
            if (!prelude[lineStart..end].TrimEnd((byte)'\r').SequenceEqual(Encoding.ASCII.GetBytes(closing)) || lineStart == 0)
            {
                problems.Add("the pkg prelude does not end the way pkg's packer writes it");
                return null;
            }

            end = lineStart - 1;
        }

        var arguments = new List<Range>();
        while (arguments.Count < 6)
        {
            var lineStart = prelude[..end].LastIndexOf((byte)'\n') + 1;
            arguments.Insert(0, new Range(lineStart, end));
            if (lineStart < 3 || prelude[(lineStart - 3)..lineStart] is not [(byte)'\n', (byte)',', (byte)'\n'])
            {
                break;
            }

            end = lineStart - 3;
        }

        if (arguments.Count is < 2 or > 5)
        {
            problems.Add($"the pkg prelude ends with {arguments.Count} arguments where pkg writes 2 to 5");
            return null;
        }

        return arguments;
    }

    private static bool HasMagic(ReadOnlySpan<byte> file, int at, uint[] magic)
    {
        if (at < 0 || at > file.Length - BoxHeaderBytes)
        {
            return false;
        }

        for (var i = 0; i < magic.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(file[(at + (4 * i))..]) != magic[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckPayloadHeader(ReadOnlySpan<byte> file, long payloadPosition, long payloadSize, List<string> problems)
    {
        var header = payloadPosition - BoxHeaderBytes;
        if (header < 0 || !HasMagic(file, (int)header, PayloadHeaderMagic) || BinaryPrimitives.ReadInt32LittleEndian(file[(int)(header + 12)..]) != payloadSize)
        {
            problems.Add($"no pkg payload header for {payloadSize} bytes at offset {header}; the stores were located from the file table alone");
        }
    }

    /// <summary>
    /// The runtime reads the payload where the placeholders say, not where the prelude happens to be: a
    /// binary whose placeholders point elsewhere runs something this reader did not see.
    /// </summary>
    private static void CheckPlaceholders(ReadOnlySpan<byte> file, long payloadPosition, long payloadSize, long preludePosition, long preludeSize, List<string> problems)
    {
        var missing = new List<string>();
        foreach (var (name, value, width) in (ReadOnlySpan<(string, long, int)>)
        [
            ("PAYLOAD_POSITION", payloadPosition, PositionPlaceholderWidth),
            ("PAYLOAD_SIZE", payloadSize, SizePlaceholderWidth),
            ("PRELUDE_POSITION", preludePosition, PositionPlaceholderWidth),
            ("PRELUDE_SIZE", preludeSize, SizePlaceholderWidth),
        ])
        {
            var text = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture).PadRight(width));
            if (!HoldsNumber(file[..(int)Math.Min(payloadPosition, file.Length)], text))
            {
                missing.Add($"{name}={value}");
            }
        }

        if (missing.Count > 0)
        {
            problems.Add($"the Node binary does not hold pkg's placeholders with {string.Join(", ", missing)}; the runtime may read a payload other than the one found before the prelude");
        }
    }

    /// <summary>True when <paramref name="text"/> occurs not preceded by a digit (so "324  " does not match "1324  ").</summary>
    private static bool HoldsNumber(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> text)
    {
        var from = 0;
        while (from <= haystack.Length - text.Length)
        {
            var at = haystack[from..].IndexOf(text);
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (at == 0 || !char.IsAsciiDigit((char)haystack[at - 1]))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>One store's bytes: a slice of the file, or inflated within the budget; null with a problem otherwise.</summary>
    private static ReadOnlyMemory<byte>? Store(
        ReadOnlyMemory<byte> file, long payloadPosition, (long Offset, long Size) store, Compression compression, string name,
        long maxDecompressedBytes, ref long budget, List<string> problems)
    {
        var packed = file.Slice((int)(payloadPosition + store.Offset), (int)store.Size);
        if (compression == Compression.None)
        {
            return packed;
        }

        try
        {
            using var source = StreamReading.Open(packed);
            using Stream stream = compression switch
            {
                Compression.GZip => new GZipStream(source, CompressionMode.Decompress),
                Compression.Brotli => new BrotliStream(source, CompressionMode.Decompress),
                _ => new DecompressionStream(source),
            };
            var data = StreamReading.ReadAtMost(stream, budget, packed.Length * 4L);
            if (data is null)
            {
                problems.Add($"{Printable(name)}: inflating it would pass the {maxDecompressedBytes} decompressed bytes allowed for this executable; not read");
                return null;
            }

            budget -= data.Value.Length;
            return data;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or ZstdException)
        {
            problems.Add($"{Printable(name)}: its {compression} data is corrupt ({ex.Message})");
            return null;
        }
    }

    private static bool IsScriptName(string name) =>
        name.EndsWith(".js", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase);

    private static bool IsSourceName(string name) => IsScriptName(name) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string Printable(string name)
    {
        var cut = name.Length > 200 ? name[..200] + "…" : name;
        return new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    /// <summary>
    /// Snapshot paths are absolute inside pkg's virtual root (<c>/snapshot/app/x.js</c>, <c>C:\snapshot\…</c>);
    /// the root belongs to the virtual file system, not to the host, so it is dropped and '\' becomes '/'.
    /// A <c>..</c> is kept: no producer writes one, and the unpacker refuses it.
    /// </summary>
    private static string RelativeName(string path)
    {
        var name = path.Replace('\\', '/');
        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            name = name[2..];
        }

        name = name.TrimStart('/');
        if (name.Length > MaxNameChars)
        {
            name = name[..MaxNameChars];
        }

        return new string([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    private sealed record Entry(string Name, (long Offset, long Size)? Blob, (long Offset, long Size)? Content);

    /// <summary>The prelude's arguments: file table, entry point, symlinks, dictionary, compression.</summary>
    private sealed class Table(List<string> problems)
    {
        public List<Entry> Entries { get; } = [];

        public string? EntryPoint { get; private set; }

        public Compression Compression { get; private set; }

        public long PayloadSize { get; private set; }

        private readonly Dictionary<string, string> symlinks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> dictionary = new(StringComparer.Ordinal);
        private int undecodedParts;

        public bool Read(ReadOnlyMemory<byte> prelude, List<Range> arguments)
        {
            var options = new JsonDocumentOptions { MaxDepth = 8 };
            try
            {
                // The dictionary and the compression decide how the table's paths read, so they come first.
                if (arguments.Count >= 5)
                {
                    ReadCompression(prelude.Span[arguments[4]]);
                }

                if (arguments.Count >= 4)
                {
                    using var dict = JsonDocument.Parse(prelude[arguments[3]], options);
                    ReadDictionary(dict.RootElement);
                }

                using (var entry = JsonDocument.Parse(prelude[arguments[1]], options))
                {
                    if (entry.RootElement.ValueKind == JsonValueKind.String)
                    {
                        EntryPoint = RelativeName(entry.RootElement.GetString() ?? string.Empty);
                    }
                    else
                    {
                        problems.Add("the entry point argument is not a string");
                    }
                }

                if (arguments.Count >= 3)
                {
                    using var links = JsonDocument.Parse(prelude[arguments[2]], options);
                    ReadSymlinks(links.RootElement);
                }

                using var vfs = JsonDocument.Parse(prelude[arguments[0]], options);
                if (vfs.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add("the file table is not a JSON object");
                    return false;
                }

                ReadEntries(vfs.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string that is not UTF-8, found only when it is read.
                problems.Add($"the prelude's arguments are not the JSON pkg writes ({ex.Message})");
                return false;
            }

            if (undecodedParts > 0)
            {
                problems.Add($"{undecodedParts} path parts are not in the path dictionary and were kept as they are");
            }

            return true;
        }

        /// <summary>The entry point's name as it appears in <see cref="Entries"/>, following symlinked folders.</summary>
        public string? ResolveEntryPoint()
        {
            if (EntryPoint is not { } name)
            {
                return null;
            }

            var names = Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            for (var hop = 0; hop <= MaxSymlinkHops; hop++)
            {
                if (names.Contains(name))
                {
                    return name;
                }

                var link = symlinks.Keys.FirstOrDefault(k => name == k || name.StartsWith(k + "/", StringComparison.Ordinal));
                if (link is null)
                {
                    return null;
                }

                name = symlinks[link] + name[link.Length..];
            }

            return null;
        }

        private void ReadCompression(ReadOnlySpan<byte> text)
        {
            var value = text.Trim((byte)' ');
            if (value.SequenceEqual("false"u8) || value.SequenceEqual("0"u8))
            {
                Compression = Compression.None;
            }
            else if (value.Length == 1 && value[0] is >= (byte)'1' and <= (byte)'3')
            {
                Compression = (Compression)(value[0] - '0');
            }
            else
            {
                problems.Add($"unknown pkg compression {Printable(Encoding.UTF8.GetString(value[..Math.Min(value.Length, 40)]))}; stores read as they are");
            }
        }

        private void ReadDictionary(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("the path dictionary is not a JSON object");
                return;
            }

            // The producer maps each path part to a base-36 key; the table holds the keys.
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } key)
                {
                    dictionary.TryAdd(key, property.Name);
                }
            }
        }

        private void ReadSymlinks(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("the symlinks argument is not a JSON object");
                return;
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } target)
                {
                    symlinks.TryAdd(Decode(property.Name), Decode(target));
                }
            }
        }

        private void ReadEntries(JsonElement root)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stores = new List<(long Offset, long Size)>();
            foreach (var property in root.EnumerateObject())
            {
                if (Entries.Count >= MaxFiles)
                {
                    problems.Add($"the file table lists more than {MaxFiles} files; the rest are not read");
                    break;
                }

                var name = Decode(property.Name);
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{Printable(name)}: its stores are not a JSON object");
                    continue;
                }

                (long, long)? blob = null, content = null;
                foreach (var store in property.Value.EnumerateObject())
                {
                    if (ReadPointer(store.Value) is not { } pointer)
                    {
                        problems.Add($"{Printable(name)}: store {Printable(store.Name)} is not an [offset, size] pair");
                        continue;
                    }

                    stores.Add(pointer);
                    if (store.Name == StoreBlob)
                    {
                        blob = pointer;
                    }
                    else if (store.Name == StoreContent)
                    {
                        content = pointer;
                    }
                }

                if ((blob is not null || content is not null) && seen.Add(name))
                {
                    Entries.Add(new Entry(name, blob, content));
                }
            }

            PayloadSize = stores.Count == 0 ? 0 : stores.Max(s => s.Offset + s.Size);
            CheckContiguous(stores);
        }

        /// <summary>The producer writes every store once, in order, with no gap: anything else was edited.</summary>
        private void CheckContiguous(List<(long Offset, long Size)> stores)
        {
            long expected = 0;
            foreach (var (offset, size) in stores.OrderBy(s => s.Offset).ThenBy(s => s.Size))
            {
                if (offset != expected)
                {
                    problems.Add($"the stores are not back to back: one starts at payload offset {offset} where {expected} was expected");
                    return;
                }

                expected = offset + size;
            }
        }

        private static (long Offset, long Size)? ReadPointer(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2
                || value[0].ValueKind != JsonValueKind.Number || value[1].ValueKind != JsonValueKind.Number
                || !value[0].TryGetInt64(out var offset) || !value[1].TryGetInt64(out var size)
                || offset < 0 || size < 0 || offset > int.MaxValue || size > int.MaxValue - offset)
            {
                return null;
            }

            return (offset, size);
        }

        private string Decode(string key)
        {
            if (Compression == Compression.None)
            {
                return RelativeName(key);
            }

            var parts = key.Split('/');
            for (var i = 0; i < parts.Length; i++)
            {
                if (dictionary.TryGetValue(parts[i], out var part))
                {
                    parts[i] = part;
                }
                else
                {
                    undecodedParts++;
                }
            }

            return RelativeName(string.Join('/', parts));
        }
    }
}
