namespace Telltale.Probing.Evidence;

/// <summary>
/// Paths named inside a bundle. A bundle may be someone else's, so a name is taken only as a relative path of plain
/// segments (no <c>..</c>, <c>.</c>, empty segment, backslash, colon or control character) that stays inside the
/// bundle and passes through no link: a link in a published folder could point anywhere on the reader's machine.
/// </summary>
internal static class BundlePaths
{
    private const int MaxLength = 512;

    /// <exception cref="ProbeException">The name is not a plain relative path inside <paramref name="bundle"/>.</exception>
    public static string Resolve(string bundle, string relative)
    {
        var root = Path.GetFullPath(bundle);
        if (relative.Length is 0 or > MaxLength
            || relative.StartsWith('/')
            || relative.Any(c => char.IsControl(c) || c is '\\' or ':')
            || relative.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ProbeException($"the bundle names a file outside it or with an unusable name: '{Shown(relative)}'");
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ProbeException($"the bundle names a file outside it: '{Shown(relative)}'");
        }

        var walked = root;
        foreach (var segment in relative.Split('/'))
        {
            walked = Path.Combine(walked, segment);
            var entry = new FileInfo(walked);
            if (entry.LinkTarget is not null)
            {
                throw new ProbeException($"the bundle's '{Shown(relative)}' passes through a link; a bundle holds plain files only");
            }
        }

        return full;
    }

    private static string Shown(string relative) =>
        Telltale.Reports.ReportText.Shorten(new string([.. relative.Select(c => char.IsControl(c) ? '?' : c)]), 80);
}
