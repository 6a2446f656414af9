using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

/// <summary>A report with <c>scan --deps</c>: the dependencies in the target, their findings under <c>name@version!/</c>, in every format.</summary>
public sealed class DependencyReportTests
{
    private const string Sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Reports", "report.schema.json");

    private static readonly DependencyPackage Core = new("@acme/core", "2.0.0", Sha, DependencyKind.Dependency, "@acme/agent@1.0.0")
    {
        Platform = "linux-x64",
        PlatformPackages = [new PlatformPackage("@acme/core-linux-x64", "2.0.0", Sha)],
    };

    private static readonly DependencyPackage Peer = new("react", "18.3.1", Sha, DependencyKind.Peer, "@acme/core@2.0.0");

    private static ScanReport WithDependencies(params DependencyPackage[] dependencies) => ReportFixtures.With(
        ReportFixtures.Finding("TT1001", Severity.Critical, "@acme/core@2.0.0!/package/cli.js"),
        ReportFixtures.Finding("TT1201", Severity.Medium, "@acme/core@2.0.0!/@acme/core-linux-x64@2.0.0!/package/bin"),
        ReportFixtures.Finding("TT1201", Severity.Low, "package/index.js")) with
    {
        Target = new ScanTarget("@acme/agent", "1.0.0", Sha, "npm") { Dependencies = dependencies },
    };

    public sealed class TheJsonReport
    {
        [Fact]
        public void Lists_each_dependency_in_the_target_and_reads_it_back()
        {
            var report = WithDependencies(Core, Peer);

            var json = GoldenTests.Render(new JsonReportWriter(), report);

            using var document = JsonDocument.Parse(json);
            var dependencies = document.RootElement.GetProperty("target").GetProperty("dependencies");
            Assert.Equal(["name", "version", "sha256", "kind", "requiredBy", "platform", "platformPackages"], dependencies[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(["dependency", "peer"], dependencies.EnumerateArray().Select(d => d.GetProperty("kind").GetString()));
            Assert.Equal("@acme/core-linux-x64", dependencies[0].GetProperty("platformPackages")[0].GetProperty("name").GetString());
            Assert.Equal(report.Target, JsonReportReader.Read(json).Target);
        }

        [Fact]
        public void Writes_null_when_the_dependencies_were_not_asked_for_and_an_empty_list_when_there_are_none()
        {
            using var without = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), ReportFixtures.Empty()));
            var none = GoldenTests.Render(new JsonReportWriter(), WithDependencies());

            Assert.Equal(JsonValueKind.Null, without.RootElement.GetProperty("target").GetProperty("dependencies").ValueKind);
            Assert.Null(JsonReportReader.Read(GoldenTests.Render(new JsonReportWriter(), ReportFixtures.Empty())).Target.Dependencies);
            Assert.Empty(JsonReportReader.Read(none).Target.Dependencies!);
        }

        [Fact]
        public void Satisfies_the_schema()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
            foreach (var report in new[] { WithDependencies(Core, Peer), WithDependencies(), ReportFixtures.Empty() })
            {
                using var output = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), report));

                Assert.Empty(new MiniJsonSchema(schema.RootElement).Validate(output.RootElement));
            }
        }

        [Fact]
        public void Names_the_field_of_an_unknown_dependency_kind()
        {
            var json = GoldenTests.Render(new JsonReportWriter(), WithDependencies(Peer)).Replace("\"kind\": \"peer\"", "\"kind\": \"dev\"", StringComparison.Ordinal);

            var error = Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));

            Assert.Equal("$.target.dependencies[0].kind: 'dev' is not one of dependency, optional, peer.", error.Message);
        }
    }

    public sealed class TheMarkdownReport
    {
        [Fact]
        public void Lists_each_dependency_with_its_findings_counted()
        {
            var markdown = GoldenTests.Render(new MarkdownReportWriter(), WithDependencies(Core, Peer));

            Assert.Contains(
                "## Dependencies (2)\n\n"
                + "Their findings are listed below with the rest; their paths start with the package's `name@version!/`.\n\n"
                + "| Package | Kind | Required by | Findings |\n"
                + "| --- | --- | --- | --- |\n"
                + "| `@acme/core@2.0.0` | dependency | `@acme/agent@1.0.0` | 1 critical, 1 medium |\n"
                + "| `react@18.3.1` | peer | `@acme/core@2.0.0` | none |\n",
                markdown,
                StringComparison.Ordinal);
            Assert.Contains("- **Location:** `@acme/core@2.0.0!/package/cli.js:1:1`", markdown, StringComparison.Ordinal);
        }

        [Fact]
        public void Says_when_the_target_installs_nothing_else_and_nothing_when_not_asked()
        {
            Assert.Contains("## Dependencies (0)\n\nIt installs no other package.\n", GoldenTests.Render(new MarkdownReportWriter(), WithDependencies()), StringComparison.Ordinal);
            Assert.DoesNotContain("Dependencies", GoldenTests.Render(new MarkdownReportWriter(), ReportFixtures.Empty()), StringComparison.Ordinal);
        }
    }

    public sealed class TheSarifReport
    {
        [Fact]
        public void Carries_the_dependencies_in_the_run_s_target_and_their_prefix_in_each_result()
        {
            using var document = JsonDocument.Parse(GoldenTests.Render(new SarifReportWriter(), WithDependencies(Core)));

            var run = document.RootElement.GetProperty("runs")[0];
            Assert.Equal("@acme/core", run.GetProperty("properties").GetProperty("target").GetProperty("dependencies")[0].GetProperty("name").GetString());
            Assert.Equal(
                "@acme/core@2.0.0!/package/cli.js",
                run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        }
    }
}
