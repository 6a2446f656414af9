using System.Formats.Tar;
using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;

namespace Telltale.Tests.Scanning;

public sealed class PlatformPackageScanTests
{
    private const string Prefix = "@acme/agent-linux-x64@1.0.0";

    private static readonly Scanner Scanner = new(new ScanOptions(), new TargetResolver());

    /// <summary>The main package: a manifest and a harmless launcher.</summary>
    private static byte[] MainTarball() => Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8("""{"name":"@acme/agent","version":"1.0.0"}""")),
        ("package/cli.js", Fixtures.Utf8("require('child_process').spawnSync(require.resolve('@acme/agent-linux-x64/agent.js'));\n")));

    /// <summary>The platform package, where the program and its secret are: a domain list, base64 of xor 0x21, and a link.</summary>
    private static byte[] PlatformTarball()
    {
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());
        return Fixtures.Gzip(Fixtures.Tar(writer =>
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/package.json")
            {
                DataStream = new MemoryStream(Fixtures.Utf8("""{"name":"@acme/agent-linux-x64","version":"1.0.0"}""")),
            });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/agent.js")
            {
                DataStream = new MemoryStream(Fixtures.Utf8($"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n")),
            });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "package/escape") { LinkName = "/etc/passwd" });
        }));
    }

    private sealed class Paths : IProgress<ScanProgress>
    {
        public List<string> Scanned { get; } = [];

        // The scanner reports under its own lock, one entry at a time.
        public void Report(ScanProgress value) => Scanned.Add(value.Entry!);
    }

    private static ResolvedTarget Target(TempDirectory temp, string source = "npm")
    {
        var main = temp.Write("agent-1.0.0.tgz", MainTarball());
        var platform = temp.Write("agent-linux-x64-1.0.0.tgz", PlatformTarball());
        return new ResolvedTarget("@acme/agent", source == "npm" ? "1.0.0" : null, main, ArtifactHasher.HashFile(main), source)
        {
            Platform = "linux-x64",
            PlatformPackages = [new ResolvedPlatformPackage("@acme/agent-linux-x64", "1.0.0", platform, ArtifactHasher.HashFile(platform))],
        };
    }

    public sealed class TheScanResolvedMethod
    {
        [Fact]
        public void Scans_the_platform_package_with_the_target_under_its_name_and_version()
        {
            using var temp = new TempDirectory();
            var paths = new Paths();

            Scanner.ScanResolved(Target(temp), paths);

            // Entries are scanned in parallel, so progress comes in completion order.
            Assert.Equal(
                [$"{Prefix}!/package/agent.js", $"{Prefix}!/package/package.json", "package/cli.js", "package/package.json"],
                paths.Scanned.Order(StringComparer.Ordinal));
        }

        [Fact]
        public void Locates_findings_and_refusals_inside_the_platform_package()
        {
            using var temp = new TempDirectory();

            var report = Scanner.ScanResolved(Target(temp));

            var list = Assert.Single(report.Findings, f => f.RuleId == "TT1001");
            Assert.Equal($"{Prefix}!/package/agent.js", list.Location.Path);
            Assert.Contains("alpha-lab.example", list.Items);
            var link = Assert.Single(report.Findings, f => f.RuleId == "TT1402");
            Assert.Equal($"{Prefix}!/package/escape", link.Location.Path);
            Assert.DoesNotContain(report.Findings, f => f.Location.Path.StartsWith("package/", StringComparison.Ordinal) && f.Severity >= Severity.Medium);
        }

        [Fact]
        public void Names_the_scanned_platform_packages_in_the_target()
        {
            using var temp = new TempDirectory();
            var resolved = Target(temp);

            var report = Scanner.ScanResolved(resolved);

            Assert.Equal(("@acme/agent", "1.0.0", resolved.Sha256, "linux-x64"), (report.Target.Name, report.Target.Version, report.Target.Sha256, report.Target.Platform));
            var package = Assert.Single(report.Target.PlatformPackages);
            Assert.Equal(new PlatformPackage("@acme/agent-linux-x64", "1.0.0", resolved.PlatformPackages[0].Sha256), package);
            Assert.Null(report.Target.PlatformNote);
            Assert.Equal(4, report.Statistics.Entries);
        }

        [Fact]
        public void Keeps_the_target_s_own_name_when_a_platform_package_has_a_manifest_too()
        {
            using var temp = new TempDirectory();

            var report = Scanner.ScanResolved(Target(temp, source: "file"));

            Assert.Equal(("@acme/agent", "1.0.0"), (report.Target.Name, report.Target.Version));
        }

        [Fact]
        public void Scans_the_target_alone_and_says_so_when_no_platform_package_fits()
        {
            using var temp = new TempDirectory();
            var main = temp.Write("agent-1.0.0.tgz", MainTarball());
            var resolved = new ResolvedTarget("@acme/agent", "1.0.0", main, ArtifactHasher.HashFile(main), "npm") { Platform = "linux-arm64" };
            var paths = new Paths();

            var report = Scanner.ScanResolved(resolved, paths);

            Assert.Equal(["package/cli.js", "package/package.json"], paths.Scanned.Order(StringComparer.Ordinal));
            Assert.Equal("no platform package for linux-arm64", report.Target.PlatformNote);
            Assert.Empty(report.Target.PlatformPackages);
        }

        [Fact]
        public void Says_nothing_about_platforms_for_a_package_without_platform_packages()
        {
            using var temp = new TempDirectory();
            var main = temp.Write("agent-1.0.0.tgz", MainTarball());

            var report = Scanner.ScanResolved(new ResolvedTarget("@acme/agent", "1.0.0", main, ArtifactHasher.HashFile(main), "npm"));

            Assert.Null(report.Target.Platform);
            Assert.Null(report.Target.PlatformNote);
        }
    }
}
