namespace Telltale.Artifacts;

/// <summary>
/// File names that say "archive". A file named so that no unpacker can open is reported, not passed over
/// as plain bytes: whatever does open it (npm, an extension host, a loader in the package) may find files
/// in it that this scan never saw.
/// </summary>
internal static class ArchiveNames
{
    private static readonly string[] Extensions =
    [
        ".tgz", ".tar", ".gz", ".taz", ".zip", ".vsix", ".jar", ".whl", ".nupkg", ".xpi", ".crx", ".zst", ".tzst",
    ];

    /// <summary>The archive extension <paramref name="name"/> ends with, or null.</summary>
    public static string? ClaimedExtension(string name)
    {
        var fileName = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        return Extensions.FirstOrDefault(e => fileName.Length > e.Length && fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }
}
