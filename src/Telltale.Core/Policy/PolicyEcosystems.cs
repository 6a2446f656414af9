namespace Telltale.Policy;

/// <summary>
/// The ecosystems an entry's <see cref="AffectedPackage"/> may name. <c>npm</c> and <c>VSCode</c> are OSV's own
/// names; <c>JetBrains</c> and <c>native</c> are not OSV ecosystems, so an OSV export carries them under
/// <c>database_specific</c> only.
/// </summary>
public static class PolicyEcosystems
{
    /// <summary>An npm package: global installs, lockfile dependencies, and native builds embedding its package.json.</summary>
    public const string Npm = "npm";

    /// <summary>An editor extension, named <c>publisher.name</c> (VS Code, Insiders, VSCodium, Cursor, Windsurf, code-server).</summary>
    public const string VSCode = "VSCode";

    /// <summary>A JetBrains IDE plugin, named by its plugin id.</summary>
    public const string JetBrains = "JetBrains";

    /// <summary>A native executable known only by its name and the sha256 of its builds.</summary>
    public const string Native = "native";

    public static IReadOnlyList<string> All { get; } = [Npm, VSCode, JetBrains, Native];

    /// <summary>The canonical spelling of <paramref name="text"/> (case-insensitive), or null when it is not one of <see cref="All"/>.</summary>
    public static string? Canonical(string text) =>
        All.FirstOrDefault(e => string.Equals(e, text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether package names compare case-insensitively: extension and plugin ids do, npm names are lower case anyway.</summary>
    public static StringComparer NameComparer(string ecosystem) =>
        ecosystem == Npm ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
}
