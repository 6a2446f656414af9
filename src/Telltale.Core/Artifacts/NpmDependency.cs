using Semver;

namespace Telltale.Artifacts;

/// <summary>
/// One registry entry of a manifest's dependency map, with an alias resolved:
/// <c>"@openai/codex-linux-x64": "npm:@openai/codex@0.169.0-linux-x64"</c> installs the package
/// <c>@openai/codex</c> at <c>0.169.0-linux-x64</c> under the folder name <c>@openai/codex-linux-x64</c>.
/// </summary>
/// <param name="Alias">The key in the map: the folder npm installs it under.</param>
/// <param name="Name">The package fetched from the registry.</param>
/// <param name="Selector">An exact version, an npm range or a dist-tag, as written (an empty one is <c>*</c>).</param>
public sealed record NpmDependency(string Alias, string Name, string Selector)
{
    private const string AliasPrefix = "npm:";

    /// <summary>
    /// Reads one entry; null when it is not fetched from a registry (git, a URL, a file, a workspace) or
    /// is not well formed, since npm would not find either by name.
    /// </summary>
    public static NpmDependency? Parse(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var name = key;
        var selector = value.Trim();
        if (selector.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            var body = selector[AliasPrefix.Length..];
            var at = body.IndexOf('@', body.StartsWith('@') ? 1 : 0);
            name = at < 0 ? body : body[..at];
            selector = at < 0 ? "" : body[(at + 1)..].Trim();
        }

        if (!NpmPackageSpec.IsValidName(name) || !NpmPackageSpec.IsValidName(key))
        {
            return null;
        }

        if (selector.Length == 0)
        {
            selector = "*";
        }

        return ParseRange(selector) is not null || IsTag(selector) ? new NpmDependency(key, name, selector) : null;
    }

    /// <summary>
    /// The version npm would install from a packument's versions and dist-tags: a tag's version; for a range
    /// the <c>latest</c> tag when it satisfies the range, else the highest satisfying version (prereleases
    /// only where the range names one, as in node-semver). Null when nothing fits.
    /// </summary>
    public string? PickVersion(IEnumerable<string> versions, IReadOnlyDictionary<string, string> distTags)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(distTags);
        var published = versions.ToList();
        if (ParseRange(Selector) is not { } range)
        {
            return distTags.TryGetValue(Selector, out var tagged) && published.Contains(tagged, StringComparer.Ordinal) ? tagged : null;
        }

        if (published.Contains(Selector, StringComparer.Ordinal))
        {
            return Selector;
        }

        if (distTags.TryGetValue(NpmPackageSpec.DefaultTag, out var latest) && published.Contains(latest, StringComparer.Ordinal)
            && ParseVersion(latest) is { } latestVersion && range.Contains(latestVersion))
        {
            return latest;
        }

        return published
            .Select(v => (Text: v, Version: ParseVersion(v)))
            .Where(v => v.Version is not null && range.Contains(v.Version))
            .OrderByDescending(v => v.Version!, SemVersion.PrecedenceComparer)
            .Select(v => v.Text)
            .FirstOrDefault();
    }

    public override string ToString() => Alias == Name ? $"{Name}@{Selector}" : $"{Alias} (npm:{Name}@{Selector})";

    internal static SemVersionRange? ParseRange(string selector) =>
        SemVersionRange.TryParseNpm(selector, out var range) ? range : null;

    internal static SemVersion? ParseVersion(string text) =>
        SemVersion.TryParse(text, SemVersionStyles.Strict, out var version) ? version : null;

    // npm-package-arg calls a selector a tag when it survives encodeURIComponent unchanged.
    private static bool IsTag(string selector) =>
        selector.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '~' or '*' or '\'' or '(' or ')');
}
