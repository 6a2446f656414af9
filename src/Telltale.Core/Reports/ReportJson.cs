using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// JSON fragments the JSON and SARIF writers share, so a location, a scheme or an embedded payload has one
/// shape in both and in <see cref="JsonReportReader"/>.
/// </summary>
internal static class ReportJson
{
    public static void Target(JsonEmitter json, string name, ScanTarget target)
    {
        json.StartObject(name);
        json.String("name", target.Name);
        json.String("version", target.Version);
        json.String("sha256", target.Sha256);
        json.String("source", target.Source);
        json.String("platform", target.Platform);
        PlatformPackages(json, target.PlatformPackages);

        // null when --deps was not asked for, so "installs nothing else" ([]) is told from "not looked at".
        if (target.Dependencies is { } dependencies)
        {
            json.StartArray("dependencies");
            foreach (DependencyPackage dependency in dependencies)
            {
                json.StartObject();
                json.String("name", dependency.Name);
                json.String("version", dependency.Version);
                json.String("sha256", dependency.Sha256);
                json.String("kind", JsonReportWriter.DependencyKindName(dependency.Kind));
                json.String("requiredBy", dependency.RequiredBy);
                json.String("platform", dependency.Platform);
                PlatformPackages(json, dependency.PlatformPackages);
                json.EndObject();
            }

            json.EndArray();
        }
        else
        {
            json.String("dependencies", null);
        }

        json.EndObject();
    }

    private static void PlatformPackages(JsonEmitter json, IReadOnlyList<PlatformPackage> packages)
    {
        json.StartArray("platformPackages");
        foreach (PlatformPackage package in packages)
        {
            json.StartObject();
            json.String("name", package.Name);
            json.String("version", package.Version);
            json.String("sha256", package.Sha256);
            json.EndObject();
        }

        json.EndArray();
    }

    /// <param name="name">The property name, or null for an array element.</param>
    public static void Location(JsonEmitter json, string? name, SourceLocation location)
    {
        if (name is null)
        {
            json.StartObject();
        }
        else
        {
            json.StartObject(name);
        }

        json.String("path", location.Path);
        json.Number("line", location.Line);
        json.Number("column", location.Column);
        json.Number("offset", location.Offset);
        json.Number("length", location.Length);
        json.EndObject();
    }

    public static void Scheme(JsonEmitter json, ObfuscationScheme scheme)
    {
        json.StartObject();
        json.String("callee", scheme.Callee);
        json.Strings("chain", scheme.Chain);
        json.String("keyHex", scheme.KeyHex);
        json.String("keyText", scheme.KeyText);
        json.Number("literalCount", scheme.LiteralCount);
        json.Number("decodedCount", scheme.DecodedCount);
        json.Number("decodedFraction", scheme.DecodedFraction);
        Location(json, "firstLocation", scheme.FirstLocation);
        json.Strings("samples", scheme.Samples);
        json.EndObject();
    }

    public static void Payload(JsonEmitter json, EmbeddedPayloadListing payload)
    {
        json.StartObject();
        json.String("path", payload.Path);
        json.String("format", payload.Format);
        json.Number("offset", payload.Offset);
        json.Number("length", payload.Length);
        json.String("sha256", payload.ExecutableSha256);

        // Every file, however many: the JSON report is the complete listing the other formats point to.
        json.StartArray("files");
        foreach (EmbeddedFileListing file in payload.Files)
        {
            json.StartObject();
            json.String("name", file.Name);
            json.String("kind", file.Kind);
            json.Number("bytes", file.Bytes);
            json.String("encoding", file.Encoding);
            json.Boolean("entryPoint", file.IsEntryPoint);
            json.String("note", file.Note);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
    }
}
