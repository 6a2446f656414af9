using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

/// <summary>The platform packages scanned with a target, in every report format.</summary>
public sealed class PlatformPackageReportTests
{
    private const string Sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Reports", "report.schema.json");

    private static ScanReport WithTarget(ScanTarget target) => ReportFixtures.Empty() with { Target = target };

    private static ScanReport Scanned() => WithTarget(new ScanTarget("@anthropic-ai/claude-code", "2.1.197", Sha, "npm")
    {
        Platform = "linux-x64",
        PlatformPackages = [new PlatformPackage("@anthropic-ai/claude-code-linux-x64", "2.1.197", Sha)],
    });

    private static ScanReport NoneFits() => WithTarget(new ScanTarget("@anthropic-ai/claude-code", "2.1.197", Sha, "npm") { Platform = "freebsd-x64" });

    public sealed class TheJsonReport
    {
        [Fact]
        public void Lists_the_platform_and_its_packages_in_the_target()
        {
            using var document = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), Scanned()));

            var target = document.RootElement.GetProperty("target");
            Assert.Equal("linux-x64", target.GetProperty("platform").GetString());
            var package = Assert.Single(target.GetProperty("platformPackages").EnumerateArray());
            Assert.Equal("@anthropic-ai/claude-code-linux-x64", package.GetProperty("name").GetString());
            Assert.Equal("2.1.197", package.GetProperty("version").GetString());
            Assert.Equal(Sha, package.GetProperty("sha256").GetString());
            Assert.Equal(JsonReportWriter.SchemaVersion, document.RootElement.GetProperty("schemaVersion").GetString());
        }

        [Fact]
        public void Reads_back_what_it_wrote()
        {
            foreach (var report in new[] { Scanned(), NoneFits() })
            {
                var read = JsonReportReader.Read(GoldenTests.Render(new JsonReportWriter(), report));

                Assert.Equal(report.Target, read.Target);
            }
        }

        [Fact]
        public void Satisfies_the_schema_with_and_without_a_package()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
            foreach (var report in new[] { Scanned(), NoneFits() })
            {
                using var output = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), report));

                Assert.Empty(new MiniJsonSchema(schema.RootElement).Validate(output.RootElement));
            }
        }

        [Fact]
        public void Reads_an_older_report_as_having_no_platform_packages()
        {
            const string json = """
                {
                  "schemaVersion": "1.1",
                  "tool": { "version": "0.1" },
                  "target": { "name": "x", "version": "1.0.0", "sha256": "00", "source": "npm" },
                  "scannedAt": "2025-03-01T00:00:00Z",
                  "findings": []
                }
                """;

            var target = JsonReportReader.Read(json).Target;

            Assert.Null(target.Platform);
            Assert.Empty(target.PlatformPackages);
        }

        [Fact]
        public void Names_the_field_of_a_malformed_platform_package()
        {
            const string json = """
                {
                  "schemaVersion": "1.2",
                  "tool": { "version": "0.1" },
                  "target": { "name": "x", "sha256": "00", "source": "npm", "platform": "linux-x64", "platformPackages": [ { "name": "x-linux-x64" } ] },
                  "scannedAt": "2025-03-01T00:00:00Z",
                  "findings": []
                }
                """;

            var error = Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));

            Assert.Contains("$.target.platformPackages[0]", error.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheMarkdownReport
    {
        [Fact]
        public void Names_the_scanned_platform_packages_in_the_header()
        {
            var markdown = GoldenTests.Render(new MarkdownReportWriter(), Scanned());

            Assert.Contains($"- **Platform packages (linux-x64):** `@anthropic-ai/claude-code-linux-x64@2.1.197` (SHA-256 `{Sha}`)\n", markdown, StringComparison.Ordinal);
        }

        [Fact]
        public void Says_when_no_platform_package_fits()
        {
            var markdown = GoldenTests.Render(new MarkdownReportWriter(), NoneFits());

            Assert.Contains("- **Platform packages:** no platform package for freebsd-x64\n", markdown, StringComparison.Ordinal);
        }

        [Fact]
        public void Says_nothing_of_platforms_for_a_target_without_them()
        {
            var markdown = GoldenTests.Render(new MarkdownReportWriter(), ReportFixtures.Empty());

            Assert.DoesNotContain("Platform", markdown, StringComparison.Ordinal);
        }
    }

    public sealed class TheSarifReport
    {
        [Fact]
        public void Carries_the_platform_packages_in_the_run_s_target()
        {
            using var document = JsonDocument.Parse(GoldenTests.Render(new SarifReportWriter(), Scanned()));

            var target = document.RootElement.GetProperty("runs")[0].GetProperty("properties").GetProperty("target");
            Assert.Equal("linux-x64", target.GetProperty("platform").GetString());
            Assert.Equal("@anthropic-ai/claude-code-linux-x64", target.GetProperty("platformPackages")[0].GetProperty("name").GetString());
        }
    }
}
