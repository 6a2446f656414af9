namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// Yarn 2+ (berry) <c>yarn.lock</c>, a YAML document with <c>__metadata</c>: each record's <c>resolution</c>
/// (<c>name@npm:1.2.3</c>) says what was installed, aliases included. Workspace, link, portal and patch records are
/// not registry packages (a patch's package has its own npm record); other protocols (git, http, file tarballs)
/// keep the resolution's name and the record's <c>version</c>.
/// </summary>
internal static class YarnBerryReader
{
    private static readonly string[] LocalProtocols = ["workspace:", "link:", "portal:", "patch:", "file:"];

    public static void Read(string content, LockfileSink sink)
    {
        List<YamlRecords.Mapping> mappings = YamlRecords.Read(content, sink.FileName, maxKeyDepth: 1);
        foreach (YamlRecords.Mapping record in mappings.Where(m => m.KeyPath.Count == 1 && m.KeyPath[0] != "__metadata"))
        {
            string key = record.KeyPath[0];
            if (!record.Fields.TryGetValue("resolution", out string? resolution) || LockfileSink.SplitAt(resolution) is not { } resolved)
            {
                sink.Skip(record.Line, key, "no resolution");
                continue;
            }

            (string name, string reference) = resolved;
            if (reference.StartsWith("npm:", StringComparison.Ordinal))
            {
                sink.Add(name, reference[4..], key, record.Line);
            }
            else if (!LocalProtocols.Any(p => reference.StartsWith(p, StringComparison.Ordinal)))
            {
                sink.Add(name, record.Fields.GetValueOrDefault("version"), key, record.Line);
            }
        }
    }
}
