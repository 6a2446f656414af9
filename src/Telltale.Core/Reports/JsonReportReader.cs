using System.Globalization;
using System.Text.Json;
using Telltale.Findings;
using static Telltale.Reports.JsonFields;

namespace Telltale.Reports;

/// <summary>
/// Reads a report written by <see cref="JsonReportWriter"/> back into a <see cref="ScanReport"/>, for verbs
/// that compare stored reports (diff, history).
/// <para>
/// Accepts any <c>schemaVersion</c> with major version 1 and ignores fields it does not know, so a newer
/// minor version still reads. Fields derived from others (<c>summary</c>, <c>decodedFraction</c>) are not read:
/// the model recomputes them. Optional fields may be missing and take the model's defaults. Anything else
/// that is wrong — malformed JSON, a missing required field, an unknown severity — throws
/// <see cref="InvalidDataException"/>, which front ends treat as unreadable input.
/// </para>
/// </summary>
public static class JsonReportReader
{
    // Each behaviour step nests two levels (object and children array) below its parent, so the default
    // limit of 64 would refuse trees deeper than about 29 steps that the writer happily writes. The limit
    // still bounds the recursion in ReadStep.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static ScanReport Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument document = Parse(() => JsonDocument.Parse(json, DocumentOptions));
        return Read(document.RootElement);
    }

    public static ScanReport Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using JsonDocument document = Parse(() => JsonDocument.Parse(utf8Json, DocumentOptions));
        return Read(document.RootElement);
    }

    /// <summary>Reads an already parsed report, e.g. one embedded in a larger document.</summary>
    public static ScanReport Read(JsonElement root)
    {
        try
        {
            return ReadReport(root);
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument checks a string's encoding only when the string is read or a property name compared:
            // a lone surrogate escape ("\ud800") or invalid UTF-8 from a stream throws then. That is bad input.
            throw new InvalidDataException($"The report holds text that is not valid Unicode: {e.Message}", e);
        }
    }

    private static ScanReport ReadReport(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "$");
        string schemaVersion = RequiredString(root, "schemaVersion", "$");
        if (!IsSupported(schemaVersion))
        {
            throw new InvalidDataException(
                $"Report schema version '{schemaVersion}' is not supported; this build reads {JsonReportWriter.SchemaVersion.Split('.')[0]}.x.");
        }

        JsonElement tool = Required(root, "tool", JsonValueKind.Object, "$");
        JsonElement target = Required(root, "target", JsonValueKind.Object, "$");
        string scannedAtText = RequiredString(root, "scannedAt", "$");
        // A time without an offset is taken as UTC, not local time, so reading does not depend on the machine.
        if (!DateTimeOffset.TryParse(scannedAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset scannedAt))
        {
            throw new InvalidDataException($"$.scannedAt: '{scannedAtText}' is not an ISO 8601 date and time.");
        }

        return new ScanReport
        {
            ToolVersion = RequiredString(tool, "version", "$.tool"),
            Target = new ScanTarget(
                RequiredString(target, "name", "$.target"),
                OptionalString(target, "version", "$.target"),
                RequiredString(target, "sha256", "$.target"),
                RequiredString(target, "source", "$.target"))
            {
                Platform = OptionalString(target, "platform", "$.target"),
                PlatformPackages = ReadArray(target, "platformPackages", "$.target", required: false, ReadPlatformPackage),

                // Reports before 1.5, and scans without --deps, have none: the dependencies were not looked at.
                Dependencies = target.TryGetProperty("dependencies", out JsonElement dependencies) && dependencies.ValueKind != JsonValueKind.Null
                    ? ReadArray(target, "dependencies", "$.target", required: true, ReadDependency)
                    : null,
            },
            ScannedAt = scannedAt,
            Findings = ReadArray(root, "findings", "$", required: true, ReadFinding),
            Schemes = ReadArray(root, "schemes", "$", required: false, ReadScheme),

            // Reports before 1.3 have no payloads key: they list no embedded applications.
            Payloads = ReadArray(root, "payloads", "$", required: false, ReadPayload),

            // Reports before 1.4 have no incomplete key: nothing was recorded as cut short.
            Incomplete = ReadArray(root, "incomplete", "$", required: false, ReadIncomplete),
            Statistics = root.TryGetProperty("statistics", out JsonElement statistics)
                ? ReadStatistics(statistics, "$.statistics")
                : new ScanStatistics(),
        };
    }

    private static IncompleteAnalysis ReadIncomplete(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new IncompleteAnalysis(
            RequiredString(element, "path", path),
            RequiredString(element, "analysis", path),
            RequiredString(element, "reason", path),
            !element.TryGetProperty("reproducible", out _) || OptionalBoolean(element, "reproducible", path));
    }

    private static PlatformPackage ReadPlatformPackage(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new PlatformPackage(RequiredString(element, "name", path), RequiredString(element, "version", path), RequiredString(element, "sha256", path));
    }

    private static DependencyPackage ReadDependency(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        string kindName = RequiredString(element, "kind", path);
        DependencyKind[] kinds = Enum.GetValues<DependencyKind>();
        int found = Array.FindIndex(kinds, k => JsonReportWriter.DependencyKindName(k) == kindName);
        if (found < 0)
        {
            throw new InvalidDataException($"{path}.kind: '{kindName}' is not one of dependency, optional, peer.");
        }

        DependencyKind kind = kinds[found];

        return new DependencyPackage(
            RequiredString(element, "name", path),
            RequiredString(element, "version", path),
            RequiredString(element, "sha256", path),
            kind,
            RequiredString(element, "requiredBy", path))
        {
            Platform = OptionalString(element, "platform", path),
            PlatformPackages = ReadArray(element, "platformPackages", path, required: false, ReadPlatformPackage),
        };
    }

    private static bool IsSupported(string schemaVersion)
    {
        string major = JsonReportWriter.SchemaVersion.Split('.')[0];
        return schemaVersion == major || schemaVersion.StartsWith(major + ".", StringComparison.Ordinal);
    }

    private static JsonDocument Parse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The report is not valid JSON: {e.Message}", e);
        }
    }

    private static Finding ReadFinding(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        JsonElement evidence = Required(element, "evidence", JsonValueKind.Object, path);
        string evidencePath = path + ".evidence";
        return new Finding
        {
            RuleId = RequiredString(element, "ruleId", path),
            Severity = ReadSeverity(element, path),
            Title = RequiredString(element, "title", path),
            Confidence = element.TryGetProperty("confidence", out JsonElement confidence)
                ? Number<double>(confidence, path + ".confidence", TryGetFinite)
                : 1.0,
            Description = OptionalString(element, "description", path) ?? "",
            Location = ReadLocation(Required(element, "location", JsonValueKind.Object, path), path + ".location"),
            Evidence = new Evidence(
                RequiredString(evidence, "text", evidencePath),
                OptionalString(evidence, "decoded", evidencePath),
                ReadStrings(evidence, "chain", evidencePath)),
            Capabilities = ReadStrings(element, "capabilities", path),
            Items = ReadStrings(element, "items", path),
            Occurrences = element.TryGetProperty("occurrences", out _) ? Math.Max(1, OptionalInt32(element, "occurrences", path)) : 1,
            OtherLocations = ReadArray(element, "otherLocations", path, required: false, static (e, p) =>
            {
                Expect(e, JsonValueKind.Object, p);
                return ReadLocation(e, p);
            }),
            Behaviour = ReadBehaviour(element, path),
        };
    }

    private static Behaviour? ReadBehaviour(JsonElement finding, string findingPath)
    {
        // Reports before 1.1 have no behaviour key; later ones write null for findings without one.
        if (!finding.TryGetProperty("behaviour", out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string path = findingPath + ".behaviour";
        Expect(element, JsonValueKind.Object, path);
        return new Behaviour
        {
            CapacityBits = element.TryGetProperty("capacityBits", out JsonElement capacity)
                ? Number<double>(capacity, path + ".capacityBits", TryGetFinite)
                : 0,
            Root = ReadStep(Required(element, "root", JsonValueKind.Object, path), path + ".root"),
        };
    }

    // Recursion depth is bounded by the document's nesting limit, so a hostile report cannot overflow the
    // stack here.
    private static BehaviourStep ReadStep(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new BehaviourStep
        {
            Kind = ReadStepKind(element, path),
            Summary = RequiredString(element, "summary", path),
            Location = ReadLocation(Required(element, "location", JsonValueKind.Object, path), path + ".location"),
            Excerpt = OptionalString(element, "excerpt", path) ?? "",
            Values = ReadStrings(element, "values", path),
            DecodeChain = ReadStrings(element, "decodeChain", path),
            Capability = OptionalString(element, "capability", path),
            Children = ReadArray(element, "children", path, required: false, ReadStep),
        };
    }

    private static BehaviourStepKind ReadStepKind(JsonElement element, string path)
    {
        string text = RequiredString(element, "kind", path);

        // Exact names only, as for severities: anything else is not a report this code wrote.
        foreach (BehaviourStepKind kind in Enum.GetValues<BehaviourStepKind>())
        {
            if (JsonReportWriter.StepKindName(kind) == text)
            {
                return kind;
            }
        }

        string known = string.Join(", ", Enum.GetValues<BehaviourStepKind>().Select(JsonReportWriter.StepKindName));
        throw new InvalidDataException($"{path}.kind: '{text}' is not one of {known}.");
    }

    private static ObfuscationScheme ReadScheme(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new ObfuscationScheme
        {
            Callee = RequiredString(element, "callee", path),
            Chain = ReadStrings(element, "chain", path),
            KeyHex = OptionalString(element, "keyHex", path) ?? "",
            KeyText = OptionalString(element, "keyText", path) ?? "",
            LiteralCount = RequiredInt32(element, "literalCount", path),
            DecodedCount = RequiredInt32(element, "decodedCount", path),
            FirstLocation = ReadLocation(Required(element, "firstLocation", JsonValueKind.Object, path), path + ".firstLocation"),
            Samples = ReadStrings(element, "samples", path),
        };
    }

    private static EmbeddedPayloadListing ReadPayload(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new EmbeddedPayloadListing(
            RequiredString(element, "path", path),
            RequiredString(element, "format", path),
            OptionalInt64(element, "offset", path),
            OptionalInt64(element, "length", path),
            ReadArray(element, "files", path, required: false, ReadEmbeddedFile))
        {
            // Reports before 1.6 do not carry the executable's hash.
            ExecutableSha256 = OptionalString(element, "sha256", path),
        };
    }

    // Kind and encoding are taken as written, unlike severities: the model holds them as text and every
    // renderer shows a kind it does not know as it is, so a newer scanner's kind still reads.
    private static EmbeddedFileListing ReadEmbeddedFile(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        return new EmbeddedFileListing(
            RequiredString(element, "name", path),
            RequiredString(element, "kind", path),
            OptionalInt64(element, "bytes", path),
            OptionalString(element, "encoding", path) ?? "utf-8",
            OptionalBoolean(element, "entryPoint", path),
            OptionalString(element, "note", path));
    }

    private static ScanStatistics ReadStatistics(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        double elapsedMs = element.TryGetProperty("elapsedMs", out JsonElement elapsed)
            ? Number<double>(elapsed, path + ".elapsedMs", TryGetFinite)
            : 0;
        return new ScanStatistics
        {
            Entries = OptionalInt32(element, "entries", path),
            Bytes = element.TryGetProperty("bytes", out JsonElement bytes)
                ? Number(bytes, path + ".bytes", static (JsonElement e, out long v) => e.TryGetInt64(out v))
                : 0,
            Literals = OptionalInt32(element, "literals", path),
            DecodedLiterals = OptionalInt32(element, "decodedLiterals", path),
            SandboxEvaluations = OptionalInt32(element, "sandboxEvaluations", path),
            SandboxStatements = OptionalInt64(element, "sandboxStatements", path),

            // Milliseconds are written with their fraction; rounding to whole ticks restores the TimeSpan exactly.
            Elapsed = TimeSpan.FromTicks((long)Math.Round(elapsedMs * TimeSpan.TicksPerMillisecond)),
        };
    }

    private static SourceLocation ReadLocation(JsonElement element, string path) => new(
        RequiredString(element, "path", path),
        OptionalInt32(element, "line", path),
        OptionalInt32(element, "column", path),
        element.TryGetProperty("offset", out JsonElement offset)
            ? Number(offset, path + ".offset", static (JsonElement e, out long v) => e.TryGetInt64(out v))
            : 0,
        OptionalInt32(element, "length", path));

    private static Severity ReadSeverity(JsonElement element, string path)
    {
        string text = RequiredString(element, "severity", path);

        // The writer only emits the lower-case names; anything else is not a report this code wrote.
        if (!SeverityNames.TryParse(text, out Severity severity) || severity.ToName() != text)
        {
            throw new InvalidDataException($"{path}.severity: '{text}' is not one of info, low, medium, high, critical.");
        }

        return severity;
    }
}
