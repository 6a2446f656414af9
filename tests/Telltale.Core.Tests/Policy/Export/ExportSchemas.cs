using System.Text.Json;
using Json.Schema;

namespace Telltale.Tests.Policy.Export;

/// <summary>The official OSV and OpenVEX schemas (see <c>Schemas/README.md</c>), evaluated with formats enforced.</summary>
internal static class ExportSchemas
{
    private static readonly Lazy<JsonSchema> OsvSchema = new(() => Load("osv.schema.json"));
    private static readonly Lazy<JsonSchema> OpenVexSchema = new(() => Load("openvex.schema.json"));

    public static JsonSchema Osv => OsvSchema.Value;

    public static JsonSchema OpenVex => OpenVexSchema.Value;

    /// <summary>Every failure, as <c>instance location: keyword: message</c>; empty when <paramref name="json"/> is valid.</summary>
    public static List<string> Errors(JsonSchema schema, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return Errors(schema, document.RootElement);
    }

    public static List<string> Errors(JsonSchema schema, JsonElement element)
    {
        // Draft 2020-12 treats "format" as an annotation unless told otherwise; the exports must meet the formats too.
        EvaluationResults results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static JsonSchema Load(string file) =>
        JsonSchema.FromText(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Policy", "Export", "Schemas", file)),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
