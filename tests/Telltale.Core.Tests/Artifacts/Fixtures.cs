using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

/// <summary>Builds every archive the tests need in memory, so no binary fixture is checked in.</summary>
internal static class Fixtures
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Tar(params (string Name, byte[] Data)[] files) => Tar(writer =>
    {
        foreach (var (name, data) in files)
        {
            // Fixed times: a PAX entry otherwise stamps the clock into its header, so the same files would make other
            // bytes on every run, and a test that cuts the compressed archive would cut something else each time.
            var fixedTimes = new Dictionary<string, string>(StringComparer.Ordinal) { ["mtime"] = "0", ["atime"] = "0", ["ctime"] = "0" };
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name, fixedTimes) { ModificationTime = DateTimeOffset.UnixEpoch, DataStream = new MemoryStream(data) });
        }
    });

    public static byte[] Tar(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    public static byte[] TarGz(params (string Name, byte[] Data)[] files) => Gzip(Tar(files));

    public static byte[] Zip(params (string Name, byte[] Data)[] files) => Zip(archive =>
    {
        foreach (var (name, data) in files)
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(data);
        }
    });

    public static byte[] Zip(Action<ZipArchive> write)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            write(archive);
        }

        return buffer.ToArray();
    }

    /// <summary>A ustar header block written by hand, so it can say whatever a hostile archive would.</summary>
    public static byte[] RawTarHeader(string name, long declaredSize, char type = '0', string linkName = "")
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(declaredSize, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes(linkName).CopyTo(header, 157);
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(header, 263);
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Padded(byte[] data) => [.. data, .. new byte[(512 - (data.Length % 512)) % 512]];

    public static UnpackContext Context(ScanLimits? limits = null) => new(limits ?? ScanLimits.Default);

    /// <summary>A container as the expander would hand it to an unpacker: found at <paramref name="path"/> in a directory target.</summary>
    public static ArtifactEntry Container(string path, byte[] content, int depth = 0) => new()
    {
        Path = path,
        Name = path,
        Content = content,
        Kind = EntryKind.Archive,
        Depth = depth,
    };

    public static string Text(ArtifactEntry entry) => Encoding.UTF8.GetString(entry.Content.Span);
}
