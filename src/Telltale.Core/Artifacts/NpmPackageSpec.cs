using System.Text.RegularExpressions;

namespace Telltale.Artifacts;

/// <summary>
/// A target of the form <c>npm:NAME</c>, <c>npm:NAME@VERSION</c> or <c>npm:NAME@TAG</c>, with
/// scoped names (<c>npm:@scope/name@1.2.3</c>). Exactly one of <see cref="Version"/> and
/// <see cref="Tag"/> is set; a bare name means the <c>latest</c> tag.
/// </summary>
public sealed partial record NpmPackageSpec
{
    public const string Prefix = "npm:";
    public const string DefaultTag = "latest";
    private const int MaxNameLength = 214;
    private static readonly System.Buffers.SearchValues<char> RangeCharacters = System.Buffers.SearchValues.Create("^~<>=*| ");

    private NpmPackageSpec(string name, string? version, string? tag)
    {
        Name = name;
        Version = version;
        Tag = tag;
    }

    /// <summary>The full name, e.g. <c>@scope/name</c> or <c>name</c>.</summary>
    public string Name { get; }

    /// <summary>An exact version, e.g. <c>1.2.3</c>; null when a tag was given.</summary>
    public string? Version { get; }

    /// <summary>A dist-tag, e.g. <c>latest</c>; null when an exact version was given.</summary>
    public string? Tag { get; }

    /// <summary>The scope with its '@', or null for an unscoped name.</summary>
    public string? Scope => Name.StartsWith('@') ? Name[..Name.IndexOf('/')] : null;

    /// <summary>The name as it goes in a registry URL: <c>@scope%2fname</c>.</summary>
    public string EscapedName => Name.Replace("/", "%2f", StringComparison.Ordinal);

    public static bool IsNpmSpec(string target) => target?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <exception cref="TargetException">when <paramref name="spec"/> is not a valid npm spec.</exception>
    public static NpmPackageSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var shown = EntryNames.Printable(spec);
        if (!IsNpmSpec(spec))
        {
            throw new TargetException($"not an npm spec (expected npm:NAME[@VERSION|@TAG]): {shown}");
        }

        var body = spec[Prefix.Length..];
        var at = body.IndexOf('@', body.StartsWith('@') ? 1 : 0);
        var name = at < 0 ? body : body[..at];
        var selector = at < 0 ? null : body[(at + 1)..];
        if (!IsValidName(name))
        {
            throw new TargetException($"invalid npm package name '{EntryNames.Printable(name)}' in {shown}");
        }

        if (selector is null)
        {
            return new NpmPackageSpec(name, null, DefaultTag);
        }

        if (selector.Length == 0)
        {
            throw new TargetException($"empty version after '@' in {shown}");
        }

        var version = selector[0] is 'v' or '=' ? selector[1..] : selector;
        if (SemVer().IsMatch(version))
        {
            return new NpmPackageSpec(name, version, null);
        }

        if (TagPattern().IsMatch(selector) && !LooksLikeRange(selector))
        {
            return new NpmPackageSpec(name, null, selector);
        }

        throw new TargetException($"'{EntryNames.Printable(selector)}' in {shown} is neither an exact version nor a dist-tag (version ranges are not supported)");
    }

    public override string ToString() => $"{Prefix}{Name}@{Version ?? Tag}";

    /// <summary>Whether the registry could hold a package of this name; dependency aliases are checked with it too.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        var match = PackageName().Match(name);
        return match.Success && !match.Groups["name"].Value.StartsWith('.') && !match.Groups["name"].Value.StartsWith('_');
    }

    /// <summary>"1", "1.2", "1.x", "^1.2.0", "&gt;=2 &lt;3": npm reads these as ranges, never as tags.</summary>
    private static bool LooksLikeRange(string selector) =>
        char.IsAsciiDigit(selector[0]) || selector.AsSpan().IndexOfAny(RangeCharacters) >= 0 || selector is "x" or "X";

    // Legacy packages may have capitals, so names are matched case-insensitively; the characters are
    // those encodeURIComponent leaves alone, which is what the registry accepts.
    [GeneratedRegex(@"^(?:@(?<scope>[a-z0-9][a-z0-9._~!*'()-]*)/)?(?<name>[a-z0-9._~!*'()-]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PackageName();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVer();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
