using System.Globalization;

namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// <c>pnpm-lock.yaml</c>. Keys under <c>packages</c> (and, from 9.0, <c>snapshots</c>) name a package and its
/// version: <c>/name/1.2.3</c> and <c>/@scope/name/1.2.3_peer@1.0.0</c> up to 5.x, <c>/name@1.2.3(peer@1.0.0)</c>
/// in 6.x, <c>name@1.2.3</c> from 9.0. Peer suffixes are not part of the version. A record's own <c>name</c> and
/// <c>version</c> fields (written for tarball and git dependencies) win over its key.
/// </summary>
internal static class PnpmLockReader
{
    private static readonly string[] Sections = ["packages", "snapshots"];

    public static void Read(string content, LockfileSink sink)
    {
        List<YamlRecords.Mapping> mappings = YamlRecords.Read(content, sink.FileName, maxKeyDepth: 2);
        YamlRecords.Mapping? top = mappings.FirstOrDefault(m => m.KeyPath.Count == 0);
        if (top is null)
        {
            throw new InvalidDataException($"{sink.FileName}: the top level is not a YAML mapping.");
        }

        // 5.x keys are paths, later ones name@version; the version says which, and a file without one is read as a
        // later one only when its keys have no slash-separated version.
        bool pathKeys = top.Fields.TryGetValue("lockfileVersion", out string? version)
            && double.TryParse(version.Trim('\'', '"'), NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            && number < 6;

        foreach (YamlRecords.Mapping record in mappings.Where(m => m.KeyPath.Count == 2 && Sections.Contains(m.KeyPath[0])))
        {
            string key = record.KeyPath[1];
            (string Name, string Version)? parsed = Parse(key, pathKeys);
            string? name = record.Fields.GetValueOrDefault("name") ?? parsed?.Name;
            string? pinned = record.Fields.GetValueOrDefault("version") ?? parsed?.Version;
            if (name is null || pinned is null)
            {
                sink.Skip(record.Line, key, "no name and version in the key or the record");
                continue;
            }

            if (pinned.StartsWith("link:", StringComparison.Ordinal) || pinned.StartsWith("file:", StringComparison.Ordinal))
            {
                continue;
            }

            sink.Add(name, pinned, $"{record.KeyPath[0]}/{key}", record.Line);
        }
    }

    /// <summary>The name and version a key names, peer suffixes removed; null when it names none.</summary>
    internal static (string Name, string Version)? Parse(string key, bool pathKeys)
    {
        string text = key.StartsWith('/') ? key[1..] : key;
        int peers = text.IndexOf('(', StringComparison.Ordinal);
        if (peers > 0)
        {
            text = text[..peers];
        }

        if (pathKeys)
        {
            int slash = text.LastIndexOf('/');
            if (slash <= 0 || slash == text.Length - 1 || (text.StartsWith('@') && text.IndexOf('/', StringComparison.Ordinal) == slash))
            {
                return null;
            }

            string version = text[(slash + 1)..];

            // 5.x appends peers after an underscore (semver has none): 1.2.3_react@18.2.0+@types+react@18.0.0.
            int underscore = version.IndexOf('_', StringComparison.Ordinal);
            return underscore > 0 ? (text[..slash], version[..underscore]) : (text[..slash], version);
        }

        return LockfileSink.SplitAt(text);
    }
}
