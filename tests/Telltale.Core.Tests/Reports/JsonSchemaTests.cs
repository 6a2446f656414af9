using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

/// <summary>The JSON writer's output against <c>docs/report.schema.json</c>.</summary>
public sealed class JsonSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Reports", "report.schema.json");

    [Fact]
    public void Schema_is_draft_2020_12()
    {
        using JsonDocument schema = LoadSchema();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("empty")]
    public void Writer_output_satisfies_the_schema(string name)
    {
        ScanReport report = name == "sample" ? ReportFixtures.Sample() : ReportFixtures.Empty();
        using JsonDocument schema = LoadSchema();
        using JsonDocument output = JsonDocument.Parse(GoldenTests.Render(new JsonReportWriter(), report));

        Assert.Empty(new MiniJsonSchema(schema.RootElement).Validate(output.RootElement));
    }

    [Fact]
    public void Schema_requires_every_field_the_writer_emits()
    {
        // additionalProperties: false everywhere, so a field added to the writer but not the schema fails the
        // test above; this checks the other direction: nothing the writer emits is merely optional.
        using JsonDocument schema = LoadSchema();
        foreach (JsonElement node in Objects(schema.RootElement))
        {
            if (node.TryGetProperty("properties", out JsonElement properties))
            {
                var required = node.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
                Assert.All(properties.EnumerateObject(), p => Assert.Contains(p.Name, required));
            }
        }
    }

    [Fact]
    public void Validator_rejects_missing_and_mistyped_fields()
    {
        using JsonDocument schema = LoadSchema();
        string json = GoldenTests.Render(new JsonReportWriter(), ReportFixtures.Sample())
            .Replace("\"ruleId\": \"list.hidden\",", "", StringComparison.Ordinal)
            .Replace("\"severity\": \"low\"", "\"severity\": \"LOW\"", StringComparison.Ordinal)
            .Replace("\"entries\": 14", "\"entries\": \"14\"", StringComparison.Ordinal);
        using JsonDocument output = JsonDocument.Parse(json);

        List<string> errors = new MiniJsonSchema(schema.RootElement).Validate(output.RootElement);

        Assert.Contains(errors, e => e.Contains("findings[0]: missing required 'ruleId'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("findings[3].severity", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("statistics.entries", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_step_kinds_are_the_writer_kind_names()
    {
        using JsonDocument schema = LoadSchema();
        IEnumerable<string?> kinds = schema.RootElement.GetProperty("$defs").GetProperty("behaviourStep")
            .GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray()
            .Select(k => k.GetString());

        Assert.Equal(Enum.GetValues<BehaviourStepKind>().Select(JsonReportWriter.StepKindName), kinds);
    }

    [Fact]
    public void Validator_checks_nested_behaviour_steps()
    {
        using JsonDocument schema = LoadSchema();
        string json = GoldenTests.Render(new JsonReportWriter(), ReportFixtures.Sample())
            .Replace("\"kind\": \"list\"", "\"kind\": \"hidden-list\"", StringComparison.Ordinal)
            .Replace("\"summary\": \"time zone\",", "\"summary\": \"time zone\", \"extra\": 1,", StringComparison.Ordinal);
        using JsonDocument output = JsonDocument.Parse(json);

        List<string> errors = new MiniJsonSchema(schema.RootElement).Validate(output.RootElement);

        Assert.Contains(errors, e => e.Contains("behaviour.root.children[0].children[0].children[0].children[1].kind", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("property 'extra' is not in the schema", StringComparison.Ordinal));
    }

    private static JsonDocument LoadSchema()
    {
        Assert.True(File.Exists(SchemaPath), $"{SchemaPath} was not copied to the test output.");
        return JsonDocument.Parse(File.ReadAllText(SchemaPath));
    }

    private static IEnumerable<JsonElement> Objects(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (JsonProperty property in element.EnumerateObject())
            {
                foreach (JsonElement child in Objects(property.Value))
                {
                    yield return child;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement child in element.EnumerateArray().SelectMany(Objects))
            {
                yield return child;
            }
        }
    }
}
