using System.Text;
using Telltale.Reports;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Telltale.Policy.Export;

/// <summary>
/// Writes a policy as Fleet policies (osquery SQL), one per banned, restricted or under-review entry; allowed
/// entries need no check. The query passes (returns a row) when none of these finds what the entry names:
/// <list type="bullet">
/// <item>npm: <c>npm_packages</c>, which reads the global prefixes osquery knows (<c>/usr/local/lib</c>, Homebrew,
/// <c>~/.npm-global</c>, nvm, <c>%APPDATA%\npm</c>) and their nested <c>node_modules</c>; not volta, fnm or pnpm
/// prefixes, and not project dependencies unless the query names a <c>directory</c>;</item>
/// <item>VSCode: <c>vscode_extensions</c> joined with <c>users</c> (it is a per-user table), id compared case-insensitively;</item>
/// <item>JetBrains: <c>jetbrains_plugins</c> joined with <c>users</c>; that table has the plugin's display name and
/// path, not its id, so the id is matched against both (name, or the last path segment with or without <c>.jar</c>);</item>
/// <item>native builds: running processes whose executable's sha256 is one of the builds, and the usual install
/// locations of the executable (<c>/usr/local/bin</c>, <c>~/.local/bin</c>, …) with those hashes; a native entry
/// without builds is matched by process name and file name there.</item>
/// </list>
/// Version ranges use osquery's <c>version</c> collation (<see cref="OsquerySql.VersionPredicate"/>): an osquery too
/// old to have it fails the query rather than compare versions as text. Every description states these limits.
/// </summary>
/// <param name="asOf">Decides <see cref="FleetPolicy.Critical"/>: a banned entry whose enforcement has begun by then.</param>
public sealed class FleetExporter(DateTimeOffset asOf)
{
    // Where agents and package managers put a single-file executable; '%' is osquery's path wildcard (and SQL LIKE's).
    private static readonly string[] InstallDirectories =
    [
        "/usr/local/bin/", "/opt/homebrew/bin/", "/usr/bin/", "/home/%/.local/bin/", "/Users/%/.local/bin/",
        "/root/.local/bin/", "C:\\Users\\%\\.local\\bin\\",
    ];

    // A plugin sits in the IDE's plugins directory as a folder or a jar, named after it; either separator.
    private static readonly (string Before, string After)[] PluginPathPatterns =
        [("%/", ""), ("%/", ".jar"), ("%\\", ""), ("%\\", ".jar")];

    public IReadOnlyList<FleetPolicy> Policies(PolicyDocument policy) =>
        [.. policy.Entries.Where(e => e.Status != PolicyStatus.Allowed).Select(Policy)];

    /// <summary>
    /// The policies as YAML documents of <c>apiVersion: v1, kind: policy</c>, separated by <c>---</c>, as
    /// <c>fleetctl apply -f</c> reads them. Every string is double-quoted (the query is a literal block), so no name
    /// can turn into a YAML boolean, number or structure.
    /// </summary>
    public string Yaml(PolicyDocument policy)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2).WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        foreach (FleetPolicy fleet in Policies(policy))
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            emitter.Emit(new MappingStart());
            Pair(emitter, "apiVersion", "v1");
            Pair(emitter, "kind", "policy");
            Key(emitter, "spec");
            emitter.Emit(new MappingStart());
            Pair(emitter, "name", fleet.Name);
            Key(emitter, "query");
            emitter.Emit(new Scalar(null, null, fleet.Query, ScalarStyle.Literal, isPlainImplicit: false, isQuotedImplicit: true));
            Pair(emitter, "description", fleet.Description);
            Pair(emitter, "resolution", fleet.Resolution);
            Pair(emitter, "platform", fleet.Platform);
            Key(emitter, "critical");
            emitter.Emit(new Scalar(null, null, fleet.Critical ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
            emitter.Emit(new MappingEnd());
            emitter.Emit(new MappingEnd());
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>The policies as a JSON array of specs, the body Fleet's policy API takes one of.</summary>
    public string Json(PolicyDocument policy)
    {
        var json = new JsonEmitter();
        json.StartArray();
        foreach (FleetPolicy fleet in Policies(policy))
        {
            json.StartObject();
            json.String("name", fleet.Name);
            json.String("query", fleet.Query);
            json.String("description", fleet.Description);
            json.String("resolution", fleet.Resolution);
            json.String("platform", fleet.Platform);
            json.Boolean("critical", fleet.Critical);
            json.EndObject();
        }

        json.EndArray();
        return json.ToString();
    }

    public void WriteYaml(PolicyDocument policy, TextWriter writer) => writer.Write(Yaml(policy));

    public void WriteJson(PolicyDocument policy, TextWriter writer) => writer.Write(Json(policy));

    private FleetPolicy Policy(PolicyEntry entry)
    {
        var checks = new List<string>();
        var limits = new SortedSet<string>(StringComparer.Ordinal);
        var platforms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (AffectedPackage affected in entry.Affected)
        {
            checks.AddRange(Checks(affected, limits, platforms));
        }

        string query = checks.Count == 0
            ? "SELECT 1;"
            : "SELECT 1 WHERE\n  " + string.Join("\n  AND ", checks.Select(c => $"NOT EXISTS ({c})")) + ";";

        var description = new StringBuilder();
        description.Append(entry.Title).Append('.');
        if (!string.IsNullOrWhiteSpace(entry.Reason))
        {
            description.Append(' ').Append(entry.Reason.Trim());
        }

        description.Append(" Policy status: ").Append(PolicyStatusNames.Name(entry.Status));
        if (PolicyExportText.Effective(entry.Effective) is { } from)
        {
            description.Append(", ").Append(from);
        }

        description.Append(". Passes when none is found.");
        foreach (string limit in limits)
        {
            description.Append(' ').Append(limit);
        }

        return new FleetPolicy(
            Name: Clean($"telltale {entry.Id}: {entry.Title}"),
            Query: query,
            Description: Clean(description.ToString()),
            Resolution: Clean(PolicyExportText.Action(entry)),
            Platform: platforms.Count == 0 ? "darwin,linux,windows" : string.Join(',', platforms),
            Critical: entry.Status == PolicyStatus.Banned && PolicyExportText.InForce(entry, asOf));
    }

    private static IEnumerable<string> Checks(AffectedPackage affected, SortedSet<string> limits, SortedSet<string> platforms)
    {
        string name = OsquerySql.Literal(affected.Name);
        switch (affected.Ecosystem)
        {
            case PolicyEcosystems.Npm:
                limits.Add("npm: global installs under the prefixes osquery's npm_packages reads (not volta, fnm or pnpm, nor project dependencies).");
                AllPlatforms(platforms);
                yield return "SELECT 1 FROM npm_packages WHERE name = " + name + And(OsquerySql.VersionPredicate("version", affected));
                break;
            case PolicyEcosystems.VSCode:
                limits.Add("VS Code: extensions osquery's vscode_extensions reads, for every user.");
                AllPlatforms(platforms);
                yield return "SELECT 1 FROM users AS u CROSS JOIN vscode_extensions AS e USING (uid) WHERE e.name = " + name + " COLLATE NOCASE"
                    + And(OsquerySql.VersionPredicate("e.version", affected));
                break;
            case PolicyEcosystems.JetBrains:
                limits.Add("JetBrains: jetbrains_plugins lists display names and paths, not plugin ids, so the id is matched against both.");
                AllPlatforms(platforms);
                yield return "SELECT 1 FROM users AS u CROSS JOIN jetbrains_plugins AS j USING (uid) WHERE (j.name = " + name + " COLLATE NOCASE"
                    + string.Concat(PluginPathPatterns.Select(p => $" OR j.path LIKE {OsquerySql.LikeLiteral(p.Before, affected.Name, p.After)} {OsquerySql.LikeEscape}"))
                    + ")" + And(OsquerySql.VersionPredicate("j.version", affected));
                break;
        }

        foreach (string check in NativeChecks(affected, limits, platforms))
        {
            yield return check;
        }
    }

    private static IEnumerable<string> NativeChecks(AffectedPackage affected, SortedSet<string> limits, SortedSet<string> platforms)
    {
        var hashes = affected.NativeBuilds.Select(b => b.Sha256.ToLowerInvariant()).Where(IsSha256).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (NativeBuild build in affected.NativeBuilds)
        {
            platforms.Add(build.Platform.StartsWith("darwin", StringComparison.Ordinal) ? "darwin"
                : build.Platform.StartsWith("win32", StringComparison.Ordinal) ? "windows"
                : "linux");
        }

        // The executable's file name: the last segment of where a build sits in its package, or the program's own name.
        var files = affected.NativeBuilds
            .Select(b => b.Path is null ? null : b.Path[(b.Path.LastIndexOfAny(['/', '\\']) + 1)..])
            .Append(affected.Ecosystem == PolicyEcosystems.Native ? affected.Name : null)
            .OfType<string>().Where(IsPlainFileName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        if (hashes.Count > 0)
        {
            limits.Add("Native builds: running processes and the usual install directories, by sha256 (hashing every running executable costs a few seconds).");
            string list = string.Join(", ", hashes.Select(OsquerySql.Literal));
            yield return $"SELECT 1 FROM processes AS p CROSS JOIN hash AS h WHERE h.path = p.path AND h.sha256 IN ({list})";
            foreach (string pattern in PathPatterns(files))
            {
                yield return $"SELECT 1 FROM hash AS h WHERE h.path LIKE {pattern} AND h.sha256 IN ({list})";
            }
        }
        else if (affected.Ecosystem == PolicyEcosystems.Native)
        {
            AllPlatforms(platforms);
            limits.Add("Native programs without known builds: matched by process and file name only.");
            string name = OsquerySql.Literal(affected.Name);
            yield return $"SELECT 1 FROM processes AS p WHERE p.name = {name} OR p.name = {OsquerySql.Literal(affected.Name + ".exe")}";
            foreach (string pattern in PathPatterns(files))
            {
                yield return $"SELECT 1 FROM file AS f WHERE f.path LIKE {pattern}";
            }
        }
    }

    // One pattern per subquery: osquery's file and hash tables need the path constraint itself, which SQLite hands a
    // virtual table only for a plain LIKE, not for alternatives joined by OR. osquery expands the pattern as a glob
    // ('%' any segment text) and knows no ESCAPE, so only plain file names (no '%') are put into one, unescaped.
    private static IEnumerable<string> PathPatterns(IReadOnlyList<string> files) =>
        files.SelectMany(file => InstallDirectories.Select(dir =>
            OsquerySql.Literal(dir + (dir.StartsWith("C:", StringComparison.Ordinal) ? file + ".exe" : file))));

    private static string And(string? predicate) => predicate is null ? "" : " AND " + predicate;

    private static void AllPlatforms(SortedSet<string> platforms)
    {
        platforms.Add("darwin");
        platforms.Add("linux");
        platforms.Add("windows");
    }

    // Only a name that is a single plain path segment is put into a path pattern; anything else could reach other files.
    private static bool IsPlainFileName(string name) =>
        name.Length is > 0 and <= 128 && name != "." && name != ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    // Names and descriptions are shown in Fleet's UI and in terminals: no control or hidden characters.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            clean.Append(Rune.IsControl(rune) || ReportText.IsHardToSee(rune) ? " " : rune.ToString());
        }

        return clean.ToString();
    }

    private static void Key(Emitter emitter, string key) =>
        emitter.Emit(new Scalar(null, null, key, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    private static void Pair(Emitter emitter, string key, string value)
    {
        Key(emitter, key);
        emitter.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
    }
}
