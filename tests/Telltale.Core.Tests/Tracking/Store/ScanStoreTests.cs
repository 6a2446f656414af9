using Microsoft.Data.Sqlite;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Rules;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using Telltale.Tests.Reports;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Tracking.Store;

public sealed class ScanStoreTests
{
    private const string Fingerprint = "f1";
    private const string OtherFingerprint = "f2";

    internal static string Sha(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The writers' hostile sample report, as a scan of another artifact at another time.</summary>
    internal static ScanReport Report(string sha256, string name = "tool", string? version = "1.0.0", string source = "file", DateTimeOffset? scannedAt = null) =>
        ReportFixtures.Sample() with
        {
            Target = new ScanTarget(name, version, sha256, source),
            ScannedAt = scannedAt ?? new DateTimeOffset(2026, 11, 24, 2, 41, 0, TimeSpan.Zero),
        };

    internal static string Json(ScanReport report)
    {
        using var text = new StringWriter();
        new JsonReportWriter().Write(report, text);
        return text.ToString();
    }

    private static ScanReport WithPlatform(ScanReport report, string platform, params string[] packageSha256s) => report with
    {
        Target = report.Target with
        {
            Platform = platform,
            PlatformPackages = [.. packageSha256s.Select((sha, i) => new PlatformPackage($"tool-{platform}-{i}", "1.0.0", sha))],
        },
    };

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public sealed class TheConstructor
    {
        [Fact]
        public void Creates_the_file_and_its_folder_in_wal_mode()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "a", "b", "scans.db");

            using (new ScanStore(path))
            {
            }

            Assert.True(File.Exists(path));
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal((long)ScanStore.SchemaVersion, command.ExecuteScalar());
        }

        [Fact]
        public void Refuses_a_file_that_is_not_a_database_in_one_line()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("scans.db", [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

            var error = Assert.Throws<StoreException>(() => new ScanStore(path));

            Assert.Equal($"cannot use the result store {path}: it is not a SQLite database", error.Message);
        }

        [Fact]
        public void Refuses_a_damaged_database_in_one_line()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using (var store = new ScanStore(path))
            {
                for (var i = 0; i < 40; i++)
                {
                    store.Save(Report(Sha(i)), Fingerprint);
                }
            }

            // Keep SQLite's header, overwrite the pages behind it.
            var bytes = File.ReadAllBytes(path);
            for (var i = 4096; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(i * 13);
            }

            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<StoreException>(() =>
            {
                using var store = new ScanStore(path);
                store.List();
            });
            Assert.StartsWith($"cannot use the result store {path}: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }

        [Fact]
        public void Refuses_a_store_from_a_newer_telltale()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using (new ScanStore(path))
            {
            }

            Sql(path, $"PRAGMA user_version = {ScanStore.SchemaVersion + 1};");

            var error = Assert.Throws<StoreException>(() => new ScanStore(path));
            Assert.Equal(
                $"the result store {path} was written by a newer telltale (store schema {ScanStore.SchemaVersion + 1}; this one reads up to {ScanStore.SchemaVersion}); upgrade telltale or use another file",
                error.Message);
        }

        [Fact]
        public void Refuses_another_programs_database_and_leaves_it_alone()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "other.db");
            Sql(path, "CREATE TABLE notes (text TEXT);");

            var error = Assert.Throws<StoreException>(() => new ScanStore(path));

            Assert.Equal($"{path} is a SQLite database of another program, not a telltale result store", error.Message);
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema;";
            Assert.Equal(1L, command.ExecuteScalar());
        }

        [Fact]
        public void Opens_an_existing_store_again()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using (var store = new ScanStore(path))
            {
                store.Save(Report(Sha(1)), Fingerprint);
            }

            using var again = new ScanStore(path);

            Assert.NotNull(again.TryGet(Sha(1), Fingerprint));
        }
    }

    public sealed class TheDefaultPathMethod
    {
        private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
            name => variables.FirstOrDefault(v => v.Name == name).Value;

        [Fact]
        public void Prefers_the_telltale_data_folder() =>
            Assert.Equal(
                Path.Combine(Path.GetFullPath("/data/tt"), "scans.db"),
                ScanStore.DefaultPath(Environment(("TELLTALE_DATA_DIR", "/data/tt"), ("XDG_DATA_HOME", "/xdg")), "/home/u", "/appdata"));

        [Fact]
        public void Then_takes_the_xdg_data_folder() =>
            Assert.Equal(
                Path.Combine(Path.GetFullPath("/xdg"), "telltale", "scans.db"),
                ScanStore.DefaultPath(Environment(("XDG_DATA_HOME", "/xdg")), "/home/u", "/appdata"));

        [Fact]
        public void Then_the_platforms_application_data_folder() =>
            Assert.Equal(Path.Combine("/appdata", "telltale", "scans.db"), ScanStore.DefaultPath(Environment(), "/home/u", "/appdata"));

        [Fact]
        public void Else_the_local_share_folder_under_home() =>
            Assert.Equal(Path.Combine("/home/u", ".local", "share", "telltale", "scans.db"), ScanStore.DefaultPath(Environment(), "/home/u"));
    }

    public sealed class TheSaveAndTryGetMethods
    {
        [Fact]
        public void Give_back_a_report_whose_json_is_identical()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            var report = ReportFixtures.Sample() with { Payloads = [ReportFixtures.SamplePayload()] };

            store.Save(report, Fingerprint);

            Assert.Equal(Json(report), Json(store.TryGet(report.Target.Sha256, Fingerprint)!));
        }

        [Fact]
        public void Do_not_hand_a_scan_made_with_other_rules_or_options_to_a_default_scan()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1)), OtherFingerprint);

            Assert.Null(store.TryGet(Sha(1), Fingerprint));
            Assert.NotNull(store.TryGet(Sha(1), OtherFingerprint));
        }

        [Fact]
        public void Find_nothing_for_an_unknown_artifact()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1)), Fingerprint);

            Assert.Null(store.TryGet(Sha(2), Fingerprint));
        }

        [Fact]
        public void Replace_an_earlier_scan_of_the_same_artifact_and_fingerprint()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), scannedAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), Fingerprint);
            var later = Report(Sha(1), scannedAt: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

            store.Save(later, Fingerprint);

            Assert.Equal(later.ScannedAt, store.TryGet(Sha(1), Fingerprint)!.ScannedAt);
            Assert.Single(store.List());
        }

        [Fact]
        public void Tell_scans_with_other_platform_packages_apart()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(WithPlatform(Report(Sha(1), source: "npm"), "linux-x64", Sha(10)), Fingerprint);
            var resolved = new ResolvedTarget("tool", "1.0.0", "/x.tgz", Sha(1), "npm");

            Assert.Null(store.TryGet(Sha(1), Fingerprint));
            Assert.Null(store.TryGet(resolved, Fingerprint));
            Assert.Null(store.TryGet(resolved with { Platform = "linux-x64", PlatformPackages = [new ResolvedPlatformPackage("p", "1.0.0", "/p.tgz", Sha(11))] }, Fingerprint));
            Assert.NotNull(store.TryGet(resolved with { Platform = "linux-x64", PlatformPackages = [new ResolvedPlatformPackage("p", "1.0.0", "/p.tgz", Sha(10))] }, Fingerprint));
        }

        [Fact]
        public void Keep_every_save_from_several_threads_and_processes()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using var shared = new ScanStore(path);

            // Half the threads share one instance; the others each open the file as another process would.
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            {
                using var own = thread % 2 == 0 ? null : new ScanStore(path);
                var store = own ?? shared;
                for (var i = 0; i < 10; i++)
                {
                    store.Save(Report(Sha((thread * 100) + i)), Fingerprint);
                    Assert.NotNull(store.TryGet(Sha((thread * 100) + i), Fingerprint));
                }
            });

            Assert.Equal(80, shared.List().Count);
        }

        [Fact]
        public void Say_in_one_line_when_a_stored_report_is_damaged()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using var store = new ScanStore(path);
            store.Save(Report(Sha(1)), Fingerprint);
            Sql(path, "UPDATE scans SET report = x'00112233';");

            var error = Assert.Throws<StoreException>(() => store.TryGet(Sha(1), Fingerprint));

            Assert.Equal($"a stored report in {path} is damaged (it does not decompress); scan with another --db or remove the file", error.Message);
        }
    }

    public sealed class TheTryGetNpmMethod
    {
        [Fact]
        public void Finds_an_exact_version_scanned_for_the_same_platform()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(WithPlatform(Report(Sha(1), "@acme/agent", "2.0.0", "npm"), "linux-x64", Sha(10)), Fingerprint, "linux-x64");

            Assert.Equal(Sha(1), store.TryGetNpm("@acme/agent", "2.0.0", "linux-x64", Fingerprint)?.Target.Sha256);
            Assert.Null(store.TryGetNpm("@acme/agent", "2.0.0", "darwin-arm64", Fingerprint));
            Assert.Null(store.TryGetNpm("@acme/agent", "2.0.0", null, Fingerprint));
            Assert.Null(store.TryGetNpm("@acme/agent", "2.0.1", "linux-x64", Fingerprint));
            Assert.Null(store.TryGetNpm("@acme/agent", "2.0.0", "linux-x64", OtherFingerprint));
        }

        [Fact]
        public void Answers_every_platform_for_a_package_without_platform_packages()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "plain", "1.0.0", "npm"), Fingerprint, "linux-x64");

            Assert.NotNull(store.TryGetNpm("plain", "1.0.0", "linux-x64", Fingerprint));
            Assert.NotNull(store.TryGetNpm("plain", "1.0.0", null, Fingerprint));
            Assert.NotNull(store.TryGetNpm("plain", "1.0.0", "none", Fingerprint));
        }

        [Fact]
        public void Does_not_answer_for_a_platform_from_a_scan_of_the_package_alone()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "@acme/agent", "2.0.0", "npm"), Fingerprint, "none");

            Assert.NotNull(store.TryGetNpm("@acme/agent", "2.0.0", null, Fingerprint));
            Assert.Null(store.TryGetNpm("@acme/agent", "2.0.0", "linux-x64", Fingerprint));
        }

        [Fact]
        public void Ignores_files_with_the_same_name()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "plain", "1.0.0", "file"), Fingerprint, "none");

            Assert.Null(store.TryGetNpm("plain", "1.0.0", null, Fingerprint));
        }
    }

    public sealed class TheListMethod
    {
        [Fact]
        public void Lists_newest_first_with_counts_by_severity()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "a", scannedAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), Fingerprint);
            store.Save(Report(Sha(2), "b", scannedAt: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), Fingerprint);
            store.Save(Report(Sha(3), "c", scannedAt: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)), Fingerprint);

            var scans = store.List();

            Assert.Equal(["b", "c", "a"], scans.Select(s => s.Name));
            var sample = ReportFixtures.Sample().Findings;
            var first = scans[0];
            Assert.Equal(
                [.. new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }.Select(s => sample.Count(f => f.Severity == s))],
                new[] { first.Critical, first.High, first.Medium, first.Low, first.Info });
            Assert.Equal(("b@1.0.0", Sha(2), "0.1.0-test", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), (first.Label, first.Sha256, first.ToolVersion, first.ScannedAt));
        }

        [Fact]
        public void Filters_by_a_part_of_the_name_and_limits()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "@anthropic-ai/claude-code", "2.1.90"), Fingerprint);
            store.Save(Report(Sha(2), "@anthropic-ai/claude-code", "2.1.91"), Fingerprint);
            store.Save(Report(Sha(3), "@openai/codex", "0.1.0"), Fingerprint);

            Assert.Equal(2, store.List("Claude-Code").Count);
            Assert.Single(store.List("claude", limit: 1));
            Assert.Equal(3, store.List(null, limit: 0).Count);
        }

        [Fact]
        public void Reads_no_report()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "scans.db");
            using var store = new ScanStore(path);
            store.Save(Report(Sha(1)), Fingerprint);
            Sql(path, "UPDATE scans SET report = x'00';");

            Assert.Single(store.List());
        }
    }

    public sealed class TheShowMethod
    {
        [Fact]
        public void Finds_a_scan_by_a_prefix_of_its_sha256_in_any_case()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            var sha = "ab12" + Sha(1)[4..];
            store.Save(Report(sha), Fingerprint);
            store.Save(Report("cd34" + Sha(1)[4..]), Fingerprint);

            Assert.Equal(sha, store.Show("AB12")?.Target.Sha256);
            Assert.Equal(sha, store.Show(sha)?.Target.Sha256);
            Assert.Null(store.Show("ef56"));
        }

        [Fact]
        public void Refuses_a_prefix_that_matches_several_artifacts()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report("abcd1" + Sha(1)[5..]), Fingerprint);
            store.Save(Report("abcd2" + Sha(1)[5..]), Fingerprint);

            var error = Assert.Throws<StoreException>(() => store.Show("abcd"));

            Assert.Equal("sha256 prefix abcd matches 2 stored artifacts; give more digits", error.Message);
        }

        [Fact]
        public void Takes_the_newest_scan_of_one_artifact()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), scannedAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), Fingerprint);
            store.Save(Report(Sha(1), scannedAt: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)), OtherFingerprint);

            Assert.Equal(5, store.Show(Sha(1)[..8])!.ScannedAt.Month);
        }

        [Fact]
        public void Finds_an_npm_version()
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            store.Save(Report(Sha(1), "@acme/agent", "1.0.0", "npm"), Fingerprint);
            store.Save(Report(Sha(2), "@acme/agent", "1.0.1", "npm"), Fingerprint);

            Assert.Equal(Sha(2), store.Show("npm:@acme/agent@1.0.1")?.Target.Sha256);
            Assert.Null(store.Show("npm:@acme/agent@9.9.9"));
        }

        [Theory]
        [InlineData("abc", "'abc' is neither a sha256 prefix (4 to 64 hex digits) nor npm:NAME@VERSION")]
        [InlineData("xyz12345", "'xyz12345' is neither a sha256 prefix (4 to 64 hex digits) nor npm:NAME@VERSION")]
        [InlineData("npm:@acme/agent", "give an exact version to show a stored scan: npm:@acme/agent@VERSION")]
        public void Refuses_a_key_it_cannot_read(string key, string message)
        {
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));

            Assert.Equal(message, Assert.Throws<StoreException>(() => store.Show(key)).Message);
        }
    }

    public sealed class TheScanFingerprint
    {
        [Fact]
        public void Is_the_same_for_the_default_rules_given_or_not() =>
            Assert.Equal(
                ScanFingerprint.Compute(new ScanOptions()),
                ScanFingerprint.Compute(new ScanOptions { Rules = RulePackLoader.Load([]) }));

        [Fact]
        public void Changes_with_the_options_the_rules_and_the_tool_version()
        {
            var standard = ScanFingerprint.Compute(new ScanOptions());
            var extra = RulePackLoader.Merge([RulePackLoader.LoadDefault(), RulePackLoader.Parse("rules:\n  - id: X1\n    severity: low\n", "x.yaml")]);

            Assert.NotEqual(standard, ScanFingerprint.Compute(new ScanOptions { AnalyzeBehaviour = false }));
            Assert.NotEqual(standard, ScanFingerprint.Compute(new ScanOptions { Limits = ScanLimits.Default with { MaxEntries = 5 } }));
            Assert.NotEqual(standard, ScanFingerprint.Compute(new ScanOptions { Rules = extra }));
            Assert.NotEqual(standard, ScanFingerprint.Compute(new ScanOptions(), "9.9.9"));
        }
    }
}
