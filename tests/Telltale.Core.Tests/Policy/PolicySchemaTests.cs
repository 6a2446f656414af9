using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using Telltale.Policy;
using Telltale.Tests.Policy.Export;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telltale.Tests.Policy;

/// <summary><c>docs/policy.schema.json</c>, the schema editors validate a policy with, agrees with <see cref="PolicyLoader"/>.</summary>
public sealed class PolicySchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Policy", "policy.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>A YAML document as the JSON a YAML language server validates: plain integers are numbers, the rest text.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var text } when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static List<string> Errors(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var json = ToJson(stream.Documents[0].RootNode)!.ToJsonString();
        return ExportSchemas.Errors(Schema.Value, json);
    }

    [Fact]
    public void A_policy_the_loader_reads_meets_the_schema_and_so_does_what_the_writer_writes()
    {
        using var files = new PolicyFiles();
        var path = files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy + "\ninclude: [other.yaml]\nosv:\n  - path: feeds\n    status: banned\n  - feeds\n");
        files.Write("other.yaml", "entries: []\n");
        Directory.CreateDirectory(Path.Combine(files.Folder, "feeds"));
        var policy = PolicyLoader.Load(path);

        Assert.Empty(Errors(File.ReadAllText(path)));
        using var written = new StringWriter();
        PolicyYamlWriter.Write("written", policy.Entries, written);
        Assert.Empty(Errors(written.ToString()));
    }

    [Theory]
    [InlineData("colour: red\n")]
    [InlineData("entries:\n  - { id: A, title: t, status: forbidden, affected: [ { package: { ecosystem: npm, name: x } } ] }\n")]
    [InlineData("entries:\n  - { id: A, title: t, status: banned, affected: [ { package: { ecosystem: pypi, name: x } } ] }\n")]
    [InlineData("entries:\n  - { id: A, title: t, status: banned, affected: [] }\n")]
    [InlineData("entries:\n  - { id: A, title: t, status: banned, affected: [ { package: { ecosystem: npm, name: x }, native_builds: [ { platform: linux-x64, sha256: abc } ] } ] }\n")]
    [InlineData("entries:\n  - { id: A, title: t, status: banned, affected: [ { package: { ecosystem: npm, name: x } } ], alternatives: [ { spec: \"npm:y\", highest: high } ] }\n")]
    public void What_the_loader_refuses_the_schema_refuses_too(string yaml)
    {
        using var files = new PolicyFiles();
        Assert.Throws<PolicyException>(() => PolicyLoader.Load(files.Write("policy.yaml", yaml)));
        Assert.NotEmpty(Errors(yaml));
    }
}
