using System.Security.Cryptography;
using System.Text;

namespace Telltale.Artifacts;

/// <summary>Content hashes that identify a target in a report, lower-case hex sha256.</summary>
public static class ArtifactHasher
{
    private static readonly string EmptySha256 = Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    public static string Hash(string path) => Directory.Exists(path) ? HashDirectory(path) : HashFile(path);

    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// sha256 over "relative/path\0&lt;sha256 of content&gt;\n" lines in ordinal order: independent of
    /// timestamps, permissions and walk order, so the same tree hashes the same on every machine.
    /// Links are skipped, as the expander never reads through them.
    /// </summary>
    public static string HashDirectory(string path) => HashDirectoryWithin(path, int.MaxValue, long.MaxValue, out _)!;

    /// <summary>
    /// <see cref="HashDirectory(string)"/> within bounds: null when the tree holds more than <paramref name="maxItems"/>
    /// files and links or more than <paramref name="maxBytes"/> bytes of files, checked before any file is read.
    /// </summary>
    internal static string? HashDirectoryWithin(string path, int maxItems, long maxBytes, out int files)
    {
        var items = DirectoryWalker.Walk(path, maxItems);
        files = items.Count(i => i.Kind == WalkItemKind.File);
        if (items.Count > maxItems || items.Where(i => i.Kind == WalkItemKind.File).Sum(i => i.Length) > maxBytes)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case WalkItemKind.File:
                    // An empty file is not opened: a FIFO or socket also reports length 0 and would block a read.
                    var contentHash = item.Length == 0 ? EmptySha256 : HashFile(item.FullPath);
                    hash.AppendData(Encoding.UTF8.GetBytes($"{item.RelativePath}\0{contentHash}\n"));
                    break;
                case WalkItemKind.Unreadable:
                    throw new IOException($"cannot read directory {item.FullPath}: {item.Problem}");
                default:
                    break;
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
