using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

/// <summary>The applications found inside single-file executables, in every report format.</summary>
public sealed class EmbeddedPayloadReportTests
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Reports", "report.schema.json");

    private static ScanReport WithPayloads(params EmbeddedPayloadListing[] payloads) => ReportFixtures.Empty() with { Payloads = payloads };

    /// <summary>A Bun payload the size of a bundled CLI's: one entry point, then sources, their bytecode and assets.</summary>
    private static EmbeddedPayloadListing Large(int files) => new(
        "@acme/tool-linux-x64@1.0.0!/package/tool",
        "bun",
        1_000,
        files * 100L,
        [.. Enumerable.Range(0, files).Select(i => new EmbeddedFileListing(
            i == 0 ? "$bunfs/root/cli" : $"$bunfs/root/chunk-{i:D4}.js",
            (i % 3) switch { 0 => "source", 1 => "bytecode", _ => "asset" },
            100,
            i % 3 == 0 ? "latin1" : "utf-8",
            IsEntryPoint: i == 0,
            Note: null))]);

    private static string Json(ScanReport report) => GoldenTests.Render(new JsonReportWriter(), report);

    private static string Markdown(ScanReport report) => GoldenTests.Render(new MarkdownReportWriter(), report);

    public sealed class TheJsonReport
    {
        [Fact]
        public void Lists_each_payload_with_every_file_after_the_schemes()
        {
            using var document = JsonDocument.Parse(Json(ReportFixtures.Sample()));
            var root = document.RootElement;

            Assert.Equal(
                ["schemaVersion", "tool", "target", "scannedAt", "summary", "complete", "incomplete", "findings", "schemes", "payloads", "statistics"],
                root.EnumerateObject().Select(p => p.Name));
            var payload = Assert.Single(root.GetProperty("payloads").EnumerateArray());
            Assert.Equal(["path", "format", "offset", "length", "sha256", "files"], payload.EnumerateObject().Select(p => p.Name));
            Assert.Equal("5e0b4f1c2d3a49586776859aa1b2c3d4e5f60718293a4b5c6d7e8f9001122334", payload.GetProperty("sha256").GetString());
            Assert.Equal("package/bin/left-pad", payload.GetProperty("path").GetString());
            Assert.Equal("bun", payload.GetProperty("format").GetString());
            Assert.Equal(61_440, payload.GetProperty("offset").GetInt64());

            var files = payload.GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(["$bunfs/root/cli", "$bunfs/root/chunk-a1b2.js.jsc", "$bunfs/root/assets/a|`b`.txt"], files.Select(f => f.GetProperty("name").GetString()));
            Assert.Equal(["name", "kind", "bytes", "encoding", "entryPoint", "note"], files[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.True, files[0].GetProperty("entryPoint").ValueKind);
            Assert.Equal(JsonValueKind.Null, files[0].GetProperty("note").ValueKind);
            Assert.Equal("latin1", files[0].GetProperty("encoding").GetString());
            Assert.StartsWith("bytecode only: ", files[1].GetProperty("note").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonReportWriter.SchemaVersion, root.GetProperty("schemaVersion").GetString());
        }

        [Fact]
        public void Writes_an_empty_array_when_there_is_no_executable()
        {
            using var document = JsonDocument.Parse(Json(ReportFixtures.Empty()));

            Assert.Equal(0, document.RootElement.GetProperty("payloads").GetArrayLength());
        }

        [Fact]
        public void Never_shortens_the_listing()
        {
            using var document = JsonDocument.Parse(Json(WithPayloads(Large(3_758))));

            Assert.Equal(3_758, document.RootElement.GetProperty("payloads")[0].GetProperty("files").GetArrayLength());
        }

        [Fact]
        public void Satisfies_the_schema_with_many_files_and_several_payloads()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
            using var output = JsonDocument.Parse(Json(WithPayloads(Large(250), ReportFixtures.SamplePayload(), Large(0) with { Format = "node-sea" })));

            Assert.Empty(new MiniJsonSchema(schema.RootElement).Validate(output.RootElement));
        }

        [Fact]
        public void Schema_rejects_an_unknown_kind_or_a_non_boolean_entry_point()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
            var json = Json(ReportFixtures.Sample())
                .Replace("\"kind\": \"asset\"", "\"kind\": \"blob\"", StringComparison.Ordinal)
                .Replace("\"entryPoint\": true", "\"entryPoint\": \"yes\"", StringComparison.Ordinal);
            using var output = JsonDocument.Parse(json);

            var errors = new MiniJsonSchema(schema.RootElement).Validate(output.RootElement);

            Assert.Contains(errors, e => e.StartsWith("$.payloads[0].files[2].kind", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("$.payloads[0].files[0].entryPoint", StringComparison.Ordinal));
        }
    }

    public sealed class TheJsonReader
    {
        [Fact]
        public void Round_trip_gives_the_same_payloads_and_the_same_json()
        {
            var original = ReportFixtures.Sample() with { Payloads = [ReportFixtures.SamplePayload(), Large(250)] };
            var written = Json(original);

            var read = JsonReportReader.Read(written);

            Assert.Equal(original.Payloads, read.Payloads);
            Assert.Equal(written, Json(read));
        }

        [Fact]
        public void Keeps_hostile_file_names_and_notes_exact()
        {
            const string nasty = "a\"b\\c\u0000\u202E\u200B’😀\r\n|`x`</script>";
            var payload = new EmbeddedPayloadListing(nasty, "pkg", 0, 1, [new EmbeddedFileListing(nasty, "asset", 1, "utf-8", false, nasty)]);

            var read = Assert.Single(JsonReportReader.Read(Json(WithPayloads(payload))).Payloads);

            Assert.Equal(payload, read);
        }

        [Fact]
        public void Reads_an_older_report_as_listing_no_payloads()
        {
            const string json = """
                {
                  "schemaVersion": "1.2",
                  "tool": { "version": "0.1" },
                  "target": { "name": "x", "sha256": "00", "source": "x.tgz" },
                  "scannedAt": "2025-03-01T00:00:00Z",
                  "findings": []
                }
                """;

            Assert.Empty(JsonReportReader.Read(json).Payloads);
        }

        [Fact]
        public void Fills_defaults_for_missing_optional_fields()
        {
            const string json = """
                {
                  "schemaVersion": "1.3",
                  "tool": { "version": "0.1" },
                  "target": { "name": "x", "sha256": "00", "source": "x.tgz" },
                  "scannedAt": "2025-03-01T00:00:00Z",
                  "findings": [],
                  "payloads": [ { "path": "bin/x", "format": "bun", "files": [ { "name": "$bunfs/root/x", "kind": "source" } ] }, { "path": "bin/y", "format": "pkg" } ]
                }
                """;

            var payloads = JsonReportReader.Read(json).Payloads;

            Assert.Equal(new EmbeddedPayloadListing("bin/x", "bun", 0, 0, [new EmbeddedFileListing("$bunfs/root/x", "source", 0, "utf-8", false, null)]), payloads[0]);
            Assert.Empty(payloads[1].Files);
        }

        [Theory]
        [InlineData("\"entryPoint\": true", "\"entryPoint\": \"yes\"", "$.payloads[0].files[0].entryPoint")]
        [InlineData("\"bytes\": 233", "\"bytes\": -1.5", "$.payloads[0].files[2].bytes")]
        [InlineData("\"name\": \"$bunfs/root/cli\",", "", "$.payloads[0].files[0]: required field 'name'")]
        [InlineData("\"format\": \"bun\",", "", "$.payloads[0]: required field 'format'")]
        [InlineData("\"offset\": 61440", "\"offset\": \"61440\"", "$.payloads[0].offset")]
        public void Names_the_bad_field(string find, string replace, string field)
        {
            var json = Json(ReportFixtures.Sample());
            Assert.Contains(find, json, StringComparison.Ordinal);

            var error = Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json.Replace(find, replace, StringComparison.Ordinal)));

            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheSarifReport
    {
        [Fact]
        public void Carries_the_payloads_in_run_properties_in_the_json_shape()
        {
            var report = WithPayloads(ReportFixtures.SamplePayload(), Large(5));
            using var sarif = JsonDocument.Parse(GoldenTests.Render(new SarifReportWriter(), report));
            using var json = JsonDocument.Parse(Json(report));

            var run = sarif.RootElement.GetProperty("runs")[0];
            Assert.True(JsonElement.DeepEquals(json.RootElement.GetProperty("payloads"), run.GetProperty("properties").GetProperty("payloads")));

            // The writer lists no artifacts of its own, so embedded files are not made the only ones.
            Assert.False(run.TryGetProperty("artifacts", out _));
        }
    }

    public sealed class TheMarkdownReport
    {
        [Fact]
        public void Has_no_section_without_payloads()
        {
            Assert.DoesNotContain("Embedded applications", Markdown(ReportFixtures.Empty()), StringComparison.Ordinal);
        }

        [Fact]
        public void Summarises_each_payload_in_one_line_then_its_files_in_a_collapsed_table()
        {
            var md = Markdown(ReportFixtures.Sample());

            Assert.Contains(
                "\n## Embedded applications\n\n"
                + "`package/bin/left-pad`: bun application, 3 files (1 source, 1 bytecode, 1 asset), 7,309 bytes, entry point `$bunfs/root/cli`\n\n"
                + "<details>\n<summary>3 files</summary>\n\n"
                + "| File | Kind | Bytes | Encoding | Entry point | Note |\n"
                + "| --- | --- | ---: | --- | --- | --- |\n"
                + "| `$bunfs/root/cli` | source | 4,096 | latin1 | yes |  |\n",
                md,
                StringComparison.Ordinal);
            Assert.EndsWith("\n</details>\n", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Escapes_pipes_in_file_names_so_the_table_keeps_its_columns()
        {
            var md = Markdown(ReportFixtures.Sample());

            Assert.Contains("| ``$bunfs/root/assets/a\\|`b`.txt`` | asset | 233 | utf-8 |  |  |\n", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Caps_each_table_at_200_rows_and_points_to_the_json_report()
        {
            var md = Markdown(WithPayloads(Large(250)));

            var section = md[md.IndexOf("## Embedded applications", StringComparison.Ordinal)..];
            var rows = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2 + 200 + 1, rows.Count);
            Assert.Equal("| … 50 more files (see the JSON report) | | | | | |", rows[^1]);
            Assert.Contains("| `$bunfs/root/chunk-0199.js` |", md, StringComparison.Ordinal);
            Assert.DoesNotContain("chunk-0200.js", md, StringComparison.Ordinal);

            // The summary line still counts every file, not only the listed ones.
            Assert.Contains("250 files (84 source, 83 bytecode, 83 assets), 25,000 bytes, entry point `$bunfs/root/cli`\n", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Lists_exactly_200_files_without_a_more_row()
        {
            var md = Markdown(WithPayloads(Large(200)));

            Assert.DoesNotContain("more file", md, StringComparison.Ordinal);
            Assert.Contains("| `$bunfs/root/chunk-0199.js` |", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Says_when_a_payload_has_no_entry_point_or_no_files()
        {
            var md = Markdown(WithPayloads(Large(0) with { Format = "node-sea" }));

            Assert.Contains("`@acme/tool-linux-x64@1.0.0!/package/tool`: node-sea application, 0 files, 0 bytes, no entry point\n", md, StringComparison.Ordinal);
            Assert.DoesNotContain("<details>", md, StringComparison.Ordinal);
        }
    }

    public sealed class TheSummaryText
    {
        [Fact]
        public void Counts_known_kinds_in_order_then_unknown_ones()
        {
            var payload = new EmbeddedPayloadListing("x", "bun", 0, 0,
            [
                new EmbeddedFileListing("a", "wasm", 1, "utf-8", false, null),
                new EmbeddedFileListing("b", "asset", 1, "utf-8", false, null),
                new EmbeddedFileListing("c", "source", 1, "utf-8", true, null),
                new EmbeddedFileListing("d", "source", 1, "utf-8", true, null),
            ]);

            Assert.Equal("2 source, 1 asset, 1 wasm", EmbeddedPayloadText.KindCounts(payload));
            Assert.Equal("4 files", EmbeddedPayloadText.FileCount(payload));
            Assert.Equal(["c", "d"], EmbeddedPayloadText.EntryPoints(payload));
        }
    }
}
