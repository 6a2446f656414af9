using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Small npm-like archives built with the BCL's own writers: every tar flavour, gzip, zip and zstd, with the
/// entries hostile packages use (links, traversal names, long names, nested archives, empty files).
/// </summary>
internal static class ArchiveSeeds
{
    private const string Manifest = "{\"name\":\"seed\",\"version\":\"1.0.0\",\"main\":\"index.js\",\"bin\":{\"seed\":\"cli.js\"}}";

    private const string Script = "const u = process.env.API_URL || \"https://api.example\";\nconst t = u.includes(\"x\") ? \"\\u2019\" : \"'\";\nmodule.exports = () => fetch(u, { headers: { \"x-t\": t } });\n";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static IEnumerable<byte[]> Tars()
    {
        foreach (var format in new[] { TarEntryFormat.Ustar, TarEntryFormat.Pax, TarEntryFormat.Gnu, TarEntryFormat.V7 })
        {
            yield return Tar(format, PackageFiles());
        }

        yield return Tar(TarEntryFormat.Pax, [("package/" + new string('n', 180) + ".js", Text(Script)), ("../escape.js", Text("x")), ("/abs.js", Text("y"))], links: true);
        yield return Tar(TarEntryFormat.Ustar, [("package/inner.tgz", Gzip(Tar(TarEntryFormat.Ustar, PackageFiles())))]);
        yield return Tar(TarEntryFormat.Gnu, [("package/empty", []), ("package/dir/", [])]);
    }

    public static IEnumerable<byte[]> Gzips()
    {
        foreach (var tar in Tars().Take(3))
        {
            yield return Gzip(tar);
        }

        yield return Gzip(Text(Script));
        yield return [.. Gzip(Text("first member ")), .. Gzip(Text("second member"))];
        yield return Gzip(new byte[64 * 1024]);
    }

    public static IEnumerable<byte[]> Zips()
    {
        yield return Zip(PackageFiles(), CompressionLevel.Optimal);
        yield return Zip(PackageFiles(), CompressionLevel.NoCompression);
        yield return Zip([("..\\evil.js", Text("x")), ("dir/", []), ("nested.zip", Zip(PackageFiles(), CompressionLevel.Fastest))], CompressionLevel.Optimal);
        yield return Zip([], CompressionLevel.Optimal);
    }

    public static IEnumerable<byte[]> Zstds()
    {
        using var compressor = new ZstdSharp.Compressor(3);
        yield return compressor.Wrap(Text(Script)).ToArray();
        yield return compressor.Wrap(Tar(TarEntryFormat.Ustar, PackageFiles())).ToArray();
        yield return [.. compressor.Wrap(Text("one frame ")).ToArray(), .. compressor.Wrap(Text("and another")).ToArray()];

        // A skippable frame (magic 0x184D2A5?, 4-byte length) before a real one.
        var skippable = new byte[8 + 5];
        BinaryPrimitives.WriteUInt32LittleEndian(skippable, 0x184D2A50);
        BinaryPrimitives.WriteUInt32LittleEndian(skippable.AsSpan(4), 5);
        yield return [.. skippable, .. compressor.Wrap(Text(Script)).ToArray()];
        yield return compressor.Wrap(new byte[256 * 1024]).ToArray();
    }

    public static List<(string Name, byte[] Content)> PackageFiles() =>
    [
        ("package/package.json", Text(Manifest)),
        ("package/index.js", Text(Script)),
        ("package/cli.js", Text("#!/usr/bin/env node\nrequire('./index.js')();\n")),
        ("package/README.md", Text("# seed\n")),
    ];

    public static byte[] Tar(TarEntryFormat format, IEnumerable<(string Name, byte[] Content)> files, bool links = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var directory = name.EndsWith('/');
                var entry = Entry(format, directory ? TarEntryType.Directory : RegularFile(format), name);
                if (!directory)
                {
                    entry.DataStream = new MemoryStream(content);
                }

                writer.WriteEntry(entry);
            }

            if (links)
            {
                writer.WriteEntry(Entry(format, TarEntryType.SymbolicLink, "package/link", "../../../etc/passwd"));
                writer.WriteEntry(Entry(format, TarEntryType.HardLink, "package/hard", "package/index.js"));
            }
        }

        return buffer.ToArray();
    }

    private static TarEntryType RegularFile(TarEntryFormat format) => format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile;

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name, string? link = null)
    {
        // Fixed times everywhere (PAX and GNU entries otherwise stamp the current access and change time),
        // so the seed bytes are the same on every run.
        var time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        TarEntry entry = format switch
        {
            TarEntryFormat.V7 => new V7TarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.Pax => new PaxTarEntry(type, name, new Dictionary<string, string> { ["atime"] = "1704067200", ["ctime"] = "1704067200" }),
            _ => new GnuTarEntry(type, name) { AccessTime = time, ChangeTime = time },
        };
        if (link is not null)
        {
            entry.LinkName = link;
        }

        entry.ModificationTime = time;
        return entry;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> files, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = zip.CreateEntry(name, level);
                entry.LastWriteTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
