using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telltale.Fuzz.Seeds;

// Adapted from tests/Telltale.Core.Tests/Artifacts/Native (the fuzzer must not depend on the test project).
/// <summary>
/// Writes the bytes pkg's producer writes (yao-pkg/pkg and vercel/pkg <c>lib/producer.ts</c>, prelude
/// text from <c>lib/packer.ts</c>), step by step, on a small host binary that stands in for pkg-fetch's
/// patched Node: the real base binaries come from GitHub, which the tests cannot reach. Each step names
/// the producer code it mirrors. <see cref="PkgToolBuilder"/> runs the real tool for the same layout.
/// </summary>
internal sealed class PkgFixtureBuilder
{
    // lib/common.ts
    public const int StoreBlob = 0;
    public const int StoreContent = 1;
    public const int StoreLinks = 2;
    public const int StoreStat = 3;

    /// <summary>The executable the payload is appended to; its bytes are not interpreted (seeds use a synthetic ELF, so they do not depend on the machine).</summary>
    public required byte[] Host { get; init; }

    /// <summary>lib/compress_type.ts: None = 0, GZip = 1, Brotli = 2.</summary>
    public int Compression { get; init; }

    /// <summary>The target's path separator: '/' for linux and macOS, '\' for Windows targets.</summary>
    public char Slash { get; init; } = '/';

    /// <summary>How many arguments the packer's prelude ends with: 5 (pkg 5.x, yao-pkg), 3 (early pkg 5), 2 (pkg 4).</summary>
    public int PreludeArguments { get; init; } = 5;

    /// <summary>pkg 4.0–4.3: 16-byte headers before the payload and the prelude instead of placeholders.</summary>
    public bool Boxed { get; init; }

    /// <summary>Host-relative paths as the walker records them, e.g. <c>/app/index.js</c>.</summary>
    public IReadOnlyList<PkgFixtureFile> Files { get; init; } = [];

    public string EntryPoint { get; init; } = "/app/index.js";

    /// <summary>Symlinked paths (link → target), host-relative like <see cref="Files"/>.</summary>
    public IReadOnlyDictionary<string, string> Symlinks { get; init; } = new Dictionary<string, string>();

    /// <summary>Bytes after the prelude, like the code signature pkg adds on macOS.</summary>
    public byte[] Trailer { get; init; } = [];

    /// <summary>Stand-in for the bootstrap: text that contains the very sequences the prelude's tail is made of.</summary>
    public string Bootstrap { get; init; } = "var x = f(\n);\n})\n,\n{\"not\":\"the table\"}\n,\n\"nor/the/entry\"\nif (DOCOMPRESS) { uncompress(DICT); }";

    public PkgFixture Build()
    {
        // packer.ts: one stripe per store of each record, in the order BLOB, CONTENT, LINKS, STAT;
        // every record has a STAT, directories have LINKS.
        var stripes = new List<(string Snap, int Store, byte[] Body)>();
        foreach (var file in Files)
        {
            if (file.Bytecode is { } blob)
            {
                stripes.Add((file.Path, StoreBlob, blob));
            }

            if (file.Content is { } content)
            {
                stripes.Add((file.Path, StoreContent, content));
            }

            stripes.Add((file.Path, StoreStat, Stat(isFile: true)));
        }

        foreach (var directory in Directories())
        {
            var children = Files.Select(f => f.Path).Concat(Directories())
                .Where(p => Parent(p) == directory).Select(p => p[(p.LastIndexOf('/') + 1)..]).Distinct().ToList();
            stripes.Add((directory, StoreLinks, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(children))));
            stripes.Add((directory, StoreStat, Stat(isFile: false)));
        }

        // producer.ts: the vfs keys (and the path dictionary) are made in stripe order, then the symlinks.
        var dictionary = new JsonObject();
        var counter = 0;
        string MakeKey(string snapshotPath)
        {
            if (Compression == 0)
            {
                return snapshotPath;
            }

            return string.Join('/', snapshotPath.Split(Slash).Select(part =>
            {
                if (dictionary[part] is null)
                {
                    dictionary[part] = ToBase36(counter++);
                }

                return dictionary[part]!.GetValue<string>();
            }));
        }

        var vfs = new JsonObject();
        foreach (var (snap, _, _) in stripes)
        {
            var key = MakeKey(Snapshotify(snap));
            vfs[key] ??= new JsonObject();
        }

        var symlinks = new JsonObject();
        foreach (var (link, target) in Symlinks)
        {
            symlinks[MakeKey(Snapshotify(link))] = MakeKey(Snapshotify(target));
        }

        // producer.ts Multistream: the binary first (payloadPosition = its length), then each stripe,
        // compressed on its own, recording [track, bytes written] relative to the payload.
        var binary = WithPlaceholders(Host);
        var output = new MemoryStream();
        output.Write(binary);
        if (Boxed)
        {
            // pkg 4.0-4.3 producer: a bakery box (no options) and a payload header patched at the end.
            output.Write(Box(0x4818c4df, 0x7ac30670, 0x56558a76, []));
            output.Write(new byte[16]);
        }

        var payloadPosition = output.Length;
        long track = 0;
        foreach (var (snap, store, body) in stripes)
        {
            var written = Compress(body);
            output.Write(written);
            ((JsonObject)vfs[MakeKey(Snapshotify(snap))]!)[store.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonArray(track, written.Length);
            track += written.Length;
        }

        var payloadSize = track;
        var preludePosition = payloadPosition + payloadSize;

        // packer.ts prelude, with producer.ts replaceDollarWise for each %PLACEHOLDER%, wrapped by makePreludeBufferFromPrelude.
        var prelude = Encoding.UTF8.GetBytes(
            "(function(process, require, console, EXECPATH_FD, PAYLOAD_POSITION, PAYLOAD_SIZE) { "
            + PackerPrelude()
                .Replace("%VIRTUAL_FILESYSTEM%", Json(vfs), StringComparison.Ordinal)
                .Replace("%DEFAULT_ENTRYPOINT%", JsonSerializer.Serialize(Snapshotify(EntryPoint)), StringComparison.Ordinal)
                .Replace("%SYMLINKS%", Json(symlinks), StringComparison.Ordinal)
                .Replace("%DICT%", Json(dictionary), StringComparison.Ordinal)
                .Replace("%DOCOMPRESS%", Compression.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            + "\n})");
        if (Boxed)
        {
            output.Write(Box(0x26e0c928, 0x41f32b66, 0x3ea13ccf, prelude));
            preludePosition += 16;
        }
        else
        {
            output.Write(prelude);
        }

        output.Write(Trailer);
        var bytes = output.ToArray();

        if (Boxed)
        {
            // pkg 4.x wrote the payload header, with the payload's size, once the stripes were out.
            Header(0x75148eba, 0x6fbda9b4, 0x2e20c08d, (int)payloadSize).CopyTo(bytes.AsSpan((int)payloadPosition - 16));
        }
        else
        {
            // producer.ts injectPlaceholders: each number written over its placeholder, padded with spaces.
            Inject(bytes, "// PAYLOAD_POSITION //", payloadPosition);
            Inject(bytes, "// PAYLOAD_SIZE //", payloadSize);
            Inject(bytes, "// PRELUDE_POSITION //", preludePosition);
            Inject(bytes, "// PRELUDE_SIZE //", prelude.Length);
        }

        return new PkgFixture(bytes, payloadPosition, payloadSize, preludePosition, prelude.Length);
    }

    /// <summary>The bytes each store is written as: producer.ts pipeMayCompressToNewMeter.</summary>
    public byte[] Compress(byte[] body)
    {
        if (Compression == 0)
        {
            return body;
        }

        using var buffer = new MemoryStream();
        using (Stream compressor = Compression == 1 ? new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true) : new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return buffer.ToArray();
    }

    /// <summary>common.ts snapshotify: the target's separator, under /snapshot (C:\snapshot on Windows).</summary>
    public string Snapshotify(string path)
    {
        var snap = "/snapshot" + path;
        return Slash == '/' ? snap : "C:" + snap.Replace('/', '\\');
    }

    private string PackerPrelude() => PreludeArguments switch
    {
        2 => "return (function (REQUIRE_COMMON, VIRTUAL_FILESYSTEM, DEFAULT_ENTRYPOINT) { " + Bootstrap
            + "\n})(function (exports) {\nexports.STORE_BLOB = 0;\n},\n%VIRTUAL_FILESYSTEM%\n,\n%DEFAULT_ENTRYPOINT%\n);",
        3 => "return (function (REQUIRE_COMMON, VIRTUAL_FILESYSTEM, DEFAULT_ENTRYPOINT, SYMLINKS) { \n        " + Bootstrap
            + "\n})(function (exports) {\nexports.STORE_BLOB = 0;\n},\n%VIRTUAL_FILESYSTEM%\n,\n%DEFAULT_ENTRYPOINT%\n,\n%SYMLINKS%\n);",
        _ => "return (function (REQUIRE_COMMON, VIRTUAL_FILESYSTEM, DEFAULT_ENTRYPOINT, SYMLINKS, DICT, DOCOMPRESS) {\n        " + Bootstrap
            + "\n})(function (exports) {\nexports.STORE_BLOB = 0;\n},\n%VIRTUAL_FILESYSTEM%\n,\n%DEFAULT_ENTRYPOINT%\n,\n%SYMLINKS%\n,\n%DICT%\n,\n%DOCOMPRESS%\n);",
    };

    /// <summary>
    /// The host with the strings pkg-fetch's patch compiles into Node (lib/internal/bootstrap/pkg and
    /// the BAKERY array in node.cc), so the producer has placeholders to find.
    /// </summary>
    private byte[] WithPlaceholders(byte[] host)
    {
        if (Boxed)
        {
            return host;
        }

        var block = "\0" + string.Concat(Enumerable.Repeat("// BAKERY ", 20))
            + "\0// PAYLOAD_POSITION //\0// PAYLOAD_SIZE //\0// PRELUDE_POSITION //\0// PRELUDE_SIZE //\0";
        return [.. host, .. Encoding.ASCII.GetBytes(block)];
    }

    private static void Inject(byte[] bytes, string placeholder, long value)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(placeholder));
        if (at < 0)
        {
            throw new InvalidOperationException($"placeholder {placeholder} not found");
        }

        Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(placeholder.Length)).CopyTo(bytes, at);
    }

    private static byte[] Box(uint a, uint b, uint c, byte[] content) => [.. Header(a, b, c, content.Length), .. content];

    private static byte[] Header(uint a, uint b, uint c, int length) =>
        [.. BitConverter.GetBytes(a), .. BitConverter.GetBytes(b), .. BitConverter.GetBytes(c), .. BitConverter.GetBytes(length)];

    private SortedSet<string> Directories()
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            for (var parent = Parent(file.Path); parent.Length > 0; parent = Parent(parent))
            {
                all.Add(parent);
            }
        }

        return all;
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var at and > 0 ? path[..at] : string.Empty;

    private static byte[] Stat(bool isFile) =>
        Encoding.UTF8.GetBytes($"{{\"mode\":{(isFile ? 33188 : 16877)},\"size\":0,\"isFileValue\":{(isFile ? "true" : "false")},\"isDirectoryValue\":{(isFile ? "false" : "true")}}}");

    /// <summary>JSON.stringify: compact, no escaping beyond what JSON needs.</summary>
    private static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string ToBase36(int value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = string.Empty;
        do
        {
            text = Digits[value % 36] + text;
            value /= 36;
        }
        while (value > 0);
        return text;
    }
}
