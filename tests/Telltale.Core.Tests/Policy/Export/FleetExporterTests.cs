using System.Text.Json;
using Microsoft.Data.Sqlite;
using Telltale.Policy;
using Telltale.Policy.Export;
using YamlDotNet.RepresentationModel;

namespace Telltale.Tests.Policy.Export;

/// <summary>
/// The Fleet export, and its queries run in SQLite (what osquery is underneath) against tables shaped like osquery's,
/// with osquery's generic <c>version</c> collation re-implemented (<see cref="OsqueryVersionCompare"/>).
/// </summary>
public sealed class FleetExporterTests
{
    private static readonly DateTimeOffset AfterBan = new(2026, 7, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly FleetExporter Exporter = new(AfterBan);

    [Fact]
    public void Allowed_entries_get_no_policy_and_banned_ones_in_force_are_critical()
    {
        IReadOnlyList<FleetPolicy> policies = Exporter.Policies(ExportFixtures.Policy);

        Assert.Equal(6, policies.Count);
        Assert.DoesNotContain(policies, p => p.Name.Contains("codex:", StringComparison.Ordinal));
        Assert.True(Policy("claude-code").Critical);
        Assert.False(Policy("evil-extension").Critical);
        Assert.False(new FleetExporter(AfterBan.AddDays(-2)).Policies(ExportFixtures.Policy)[0].Critical);
        Assert.Equal("darwin,linux,windows", Policy("claude-code").Platform);
        Assert.Equal("darwin", Policy("rogue-agent").Platform);
        Assert.Contains("use npm:@openai/codex", Policy("claude-code").Resolution, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_parses_back_to_the_same_policies()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Exporter.Yaml(ExportFixtures.Policy)));
        IReadOnlyList<FleetPolicy> policies = Exporter.Policies(ExportFixtures.Policy);

        Assert.Equal(policies.Count, stream.Documents.Count);
        for (int i = 0; i < policies.Count; i++)
        {
            var root = (YamlMappingNode)stream.Documents[i].RootNode;
            Assert.Equal("v1", Scalar(root, "apiVersion"));
            Assert.Equal("policy", Scalar(root, "kind"));
            var spec = (YamlMappingNode)root.Children[new YamlScalarNode("spec")];
            Assert.Equal(policies[i].Name, Scalar(spec, "name"));
            Assert.Equal(policies[i].Query, Scalar(spec, "query"));
            Assert.Equal(policies[i].Description, Scalar(spec, "description"));
            Assert.Equal(policies[i].Resolution, Scalar(spec, "resolution"));
            Assert.Equal(policies[i].Platform, Scalar(spec, "platform"));
            Assert.Equal(policies[i].Critical ? "true" : "false", Scalar(spec, "critical"));
        }
    }

    [Fact]
    public void Json_parses_back_to_the_same_policies()
    {
        using JsonDocument document = JsonDocument.Parse(Exporter.Json(ExportFixtures.Policy));
        IReadOnlyList<FleetPolicy> policies = Exporter.Policies(ExportFixtures.Policy);

        Assert.Equal(policies.Select(p => p.Query), document.RootElement.EnumerateArray().Select(p => p.GetProperty("query").GetString()));
        Assert.Equal(policies.Select(p => p.Critical), document.RootElement.EnumerateArray().Select(p => p.GetProperty("critical").GetBoolean()));
    }

    [Fact]
    public void Every_query_passes_on_a_clean_machine()
    {
        using SqliteConnection machine = Machine();

        Assert.All(Exporter.Policies(ExportFixtures.Policy), p => Assert.True(Passes(machine, p), p.Name));
    }

    [Theory]
    [InlineData("2.1.90", true)]
    [InlineData("2.1.91", false)]
    [InlineData("2.1.100", false)]
    [InlineData("2.1.197", false)]
    [InlineData("2.1.198-beta.1", false)]
    [InlineData("2.1.198", true)]
    [InlineData("2.1.1980", true)]
    [InlineData("2.2.0", true)]
    [InlineData("10.0.0", true)]
    [InlineData(null, false)]
    public void Claude_code_range_matches_the_versions_it_names(string? version, bool passes)
    {
        using SqliteConnection machine = Machine();
        Insert(machine, "INSERT INTO npm_packages (name, version, path) VALUES ($a, $b, '/usr/lib/node_modules/@anthropic-ai/claude-code/package.json')", "@anthropic-ai/claude-code", version);

        Assert.Equal(passes, Passes(machine, Policy("claude-code")));
        Assert.True(Passes(machine, Policy("MAL-2026-1")));
    }

    [Fact]
    public void Introduced_zero_matches_every_version()
    {
        using SqliteConnection machine = Machine();
        Insert(machine, "INSERT INTO npm_packages (name, version, path) VALUES ($a, $b, '/x')", "evil-pkg", "0.0.1");

        Assert.False(Passes(machine, Policy("MAL-2026-1")));
    }

    [Fact]
    public void A_running_build_or_an_installed_one_fails_by_hash()
    {
        using SqliteConnection running = Machine();
        Insert(running, "INSERT INTO processes (pid, name, path) VALUES (42, 'claude', $a)", "/tmp/somewhere/claude");
        Insert(running, "INSERT INTO hash (path, sha256) VALUES ($a, $b)", "/tmp/somewhere/claude", ExportFixtures.ClaudeLinuxA);
        using SqliteConnection installed = Machine();
        Insert(installed, "INSERT INTO hash (path, sha256) VALUES ($a, $b)", "/home/alice/.local/bin/claude", ExportFixtures.ClaudeLinuxB);
        using SqliteConnection other = Machine();
        Insert(other, "INSERT INTO hash (path, sha256) VALUES ($a, $b)", "/home/alice/.local/bin/claude", ExportFixtures.CodexLinux);

        Assert.False(Passes(running, Policy("claude-code")));
        Assert.False(Passes(installed, Policy("claude-code")));
        Assert.True(Passes(other, Policy("claude-code")));
    }

    [Fact]
    public void Extensions_match_case_insensitively_and_by_version()
    {
        using SqliteConnection listed = Machine();
        Insert(listed, "INSERT INTO vscode_extensions (uid, name, version, path) VALUES (1000, $a, $b, '/home/alice/.vscode/extensions/x')", "Evil-Pub.Evil-Ext", "1.0.1");
        using SqliteConnection newer = Machine();
        Insert(newer, "INSERT INTO vscode_extensions (uid, name, version, path) VALUES (1000, $a, $b, '/home/alice/.vscode/extensions/x')", "evil-pub.evil-ext", "1.0.2");

        Assert.False(Passes(listed, Policy("evil-extension")));
        Assert.True(Passes(newer, Policy("evil-extension")));
    }

    [Fact]
    public void Plugins_match_by_name_or_path_segment()
    {
        using SqliteConnection byPath = Machine();
        Insert(byPath, "INSERT INTO jetbrains_plugins (uid, name, version, path) VALUES (1000, 'AI Plugin', '1.0', $a)", "/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/com.example.aiplugin");
        using SqliteConnection similar = Machine();
        Insert(similar, "INSERT INTO jetbrains_plugins (uid, name, version, path) VALUES (1000, 'AI Plugin', '1.0', $a)", "/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/com.example.aiplugin2");

        Assert.False(Passes(byPath, Policy("jb-ai-plugin")));
        Assert.True(Passes(similar, Policy("jb-ai-plugin")));
    }

    [Fact]
    public void Hostile_names_are_literals_that_match_exactly()
    {
        FleetPolicy hostile = Policy(ExportFixtures.HostileId);
        using SqliteConnection installed = Machine();
        Insert(installed, "INSERT INTO npm_packages (name, version, path) VALUES ($a, $b, '/x')", ExportFixtures.HostileName, "1.0.0'; --");
        using SqliteConnection wildcard = Machine();
        Insert(wildcard, "INSERT INTO jetbrains_plugins (uid, name, version, path) VALUES (1000, 'x', '1', $a)", "/p/aXbYc'^");
        using SqliteConnection plugin = Machine();
        Insert(plugin, "INSERT INTO jetbrains_plugins (uid, name, version, path) VALUES (1000, 'x', '1', $a)", "/p/a%b_c'^.jar");

        Assert.True(Passes(Machine(), hostile));
        Assert.False(Passes(installed, hostile));
        Assert.True(Passes(wildcard, hostile));
        Assert.False(Passes(plugin, hostile));
        Assert.Equal(1L, Count(installed, "SELECT count(*) FROM npm_packages"));
        Assert.DoesNotContain('\u0007', hostile.Query);
        Assert.Contains("char(7)", hostile.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("LIKE '/usr/local/bin/' || '..", hostile.Query, StringComparison.Ordinal);
        Assert.Contains("p.name = '../../etc/passwd'", hostile.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT-A-HASH", hostile.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(hostile.Name, c => char.IsControl(c) || c == '\u202E');
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("", "''")]
    [InlineData("a\nb", "'a' || char(10) || 'b'")]
    [InlineData("\u0000", "char(0)")]
    [InlineData("x\u202E", "'x' || char(8238)")]
    public void Literals_quote_and_spell_out_hidden_characters(string value, string expected)
    {
        Assert.Equal(expected, OsquerySql.Literal(value));
    }

    [Fact]
    public void The_version_collation_orders_like_osquery()
    {
        Assert.True(OsqueryVersionCompare("2.1.91", "2.1.198") < 0);
        Assert.True(OsqueryVersionCompare("2.1.9", "2.1.91") < 0);
        Assert.True(OsqueryVersionCompare("10.0.0", "9.9.9") > 0);
        Assert.True(OsqueryVersionCompare("1.2.3-beta", "1.2.3") > 0);
        Assert.Equal(0, OsqueryVersionCompare("1.2.3", "1.2.3"));
    }

    private static FleetPolicy Policy(string id) =>
        Exporter.Policies(ExportFixtures.Policy).Single(p => p.Name.StartsWith($"telltale {CleanId(id)}:", StringComparison.Ordinal));

    private static string CleanId(string id) => new([.. id.Select(c => char.IsControl(c) ? ' ' : c)]);

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;

    private static bool Passes(SqliteConnection machine, FleetPolicy policy)
    {
        using SqliteCommand command = machine.CreateCommand();
        command.CommandText = policy.Query;
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read();
    }

    private static long Count(SqliteConnection machine, string sql)
    {
        using SqliteCommand command = machine.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Insert(SqliteConnection machine, string sql, string a, string? b = null)
    {
        using SqliteCommand command = machine.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        if (sql.Contains("$b", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$b", (object?)b ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    /// <summary>An in-memory database with the osquery tables the queries read, one user, nothing installed.</summary>
    private static SqliteConnection Machine()
    {
        var machine = new SqliteConnection("Data Source=:memory:");
        machine.Open();
        machine.CreateCollation("version", OsqueryVersionCompare);
        using SqliteCommand command = machine.CreateCommand();
        command.CommandText = """
            CREATE TABLE users (uid INTEGER, username TEXT, directory TEXT);
            INSERT INTO users VALUES (1000, 'alice', '/home/alice');
            CREATE TABLE npm_packages (name TEXT, version TEXT, path TEXT, directory TEXT);
            CREATE TABLE vscode_extensions (uid INTEGER, name TEXT, version TEXT, path TEXT, publisher TEXT);
            CREATE TABLE jetbrains_plugins (uid INTEGER, name TEXT, version TEXT, path TEXT, vendor TEXT);
            CREATE TABLE processes (pid INTEGER, name TEXT, path TEXT);
            CREATE TABLE hash (path TEXT, sha256 TEXT);
            CREATE TABLE file (path TEXT);
            """;
        command.ExecuteNonQuery();
        return machine;
    }

    /// <summary>
    /// osquery's generic <c>version</c> collation (osquery/sql/sqlite_collation.cpp, no epoch or delimiter
    /// precedence): segments split at <c>~ - ^ . :</c>; within a segment the first differing character decides,
    /// unless one segment ends first, which makes it the smaller; a longer version with an equal prefix is larger.
    /// </summary>
    private static int OsqueryVersionCompare(string left, string right)
    {
        static bool IsDelimiter(char c) => c is '~' or '-' or '^' or '.' or ':';

        int firstDifference = 0;
        int shorter = Math.Min(left.Length, right.Length);
        for (int i = 0; i < shorter; i++)
        {
            bool leftDelimiter = IsDelimiter(left[i]);
            bool rightDelimiter = IsDelimiter(right[i]);
            if (!leftDelimiter && !rightDelimiter)
            {
                firstDifference = firstDifference == 0 ? left[i] - right[i] : firstDifference;
                continue;
            }

            if (leftDelimiter != rightDelimiter)
            {
                return leftDelimiter ? -1 : 1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return left.Length == right.Length ? firstDifference : left.Length - right.Length;
    }
}
