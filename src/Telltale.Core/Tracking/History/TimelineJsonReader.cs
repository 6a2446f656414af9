using System.Globalization;
using System.Text.Json;
using Telltale.Artifacts;
using Telltale.Findings;
using static Telltale.Reports.JsonFields;

namespace Telltale.Tracking.History;

/// <summary>
/// Reads what <see cref="TimelineJsonWriter"/> wrote — a timeline or a bisection — back, for <c>policy suggest</c>
/// and the result store. Bad input is an <see cref="InvalidDataException"/> naming the JSON path.
/// </summary>
public static class TimelineJsonReader
{
    /// <summary>Exactly one of the two is set: a bisection has <c>scans</c>, a timeline has <c>behaviours</c>.</summary>
    public static (VersionTimeline? Timeline, BisectResult? Bisection) Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"not a history or bisection (line {(error.LineNumber ?? 0) + 1}): {EntryNames.OneLine(error.Message)}", error);
        }

        using (document)
        {
            try
            {
                var root = document.RootElement;
                Expect(root, JsonValueKind.Object, "$");
                return root.TryGetProperty("scans", out _) ? (null, ReadBisection(root)) : (ReadTimeline(root), null);
            }
            catch (InvalidOperationException error)
            {
                throw new InvalidDataException($"the history holds text that is not valid Unicode: {error.Message}", error);
            }
        }
    }

    private static VersionTimeline ReadTimeline(JsonElement root)
    {
        var package = RequiredString(root, "package", "$");
        var minSeverity = Severity(RequiredString(root, "minSeverity", "$"), "$.minSeverity");
        var versions = ReadArray(root, "versions", "$", required: true, (item, path) =>
        {
            Expect(item, JsonValueKind.Object, path);
            var info = Version(item, path, OptionalString(item, "deprecated", path));
            var behaviours = ReadStrings(item, "behaviours", path).ToHashSet(StringComparer.Ordinal);
            return new TimelineVersion(info, behaviours, OptionalString(item, "error", path)) { Scan = Scan(item, path) };
        });
        var behaviours = ReadArray(root, "behaviours", "$", required: true, (item, path) =>
        {
            Expect(item, JsonValueKind.Object, path);
            var spans = ReadArray(item, "spans", path, required: true, (span, spanPath) =>
            {
                Expect(span, JsonValueKind.Object, spanPath);
                return new PresenceSpan(
                    OptionalVersion(span, "from", spanPath) ?? throw new InvalidDataException($"{spanPath}.from: required"),
                    OptionalVersion(span, "last", spanPath) ?? throw new InvalidDataException($"{spanPath}.last: required"),
                    OptionalVersion(span, "until", spanPath));
            });
            if (spans.Count == 0)
            {
                throw new InvalidDataException($"{path}.spans: a behaviour has at least one span");
            }

            return new BehaviourTimeline(
                RequiredString(item, "key", path),
                RequiredString(item, "ruleId", path),
                RequiredString(item, "title", path),
                Severity(RequiredString(item, "severity", path), path + ".severity"),
                spans) { PresentAtStart = OptionalBoolean(item, "presentAtStart", path) };
        });
        return new VersionTimeline(package, minSeverity, versions, behaviours) { Range = OptionalString(root, "range", "$") };
    }

    private static BisectResult ReadBisection(JsonElement root)
    {
        var scans = ReadArray(root, "scans", "$", required: true, (item, path) =>
        {
            Expect(item, JsonValueKind.Object, path);
            return new BisectProbe(Version(item, path, null), Presence(item, "present", path), null, OptionalString(item, "error", path)) { Scan = Scan(item, path) };
        });
        return new BisectResult
        {
            Package = RequiredString(root, "package", "$"),
            Behaviour = RequiredString(root, "behaviour", "$"),
            Range = OptionalString(root, "range", "$"),
            VersionCount = RequiredInt32(root, "versionCount", "$"),
            First = OptionalVersion(root, "first", "$") ?? throw new InvalidDataException("$.first: required"),
            Last = OptionalVersion(root, "last", "$") ?? throw new InvalidDataException("$.last: required"),
            PresentAtStart = Presence(root, "presentAtStart", "$"),
            PresentAtEnd = Presence(root, "presentAtEnd", "$"),
            Introduced = OptionalVersion(root, "introduced", "$"),
            LastWithout = OptionalVersion(root, "lastWithout", "$"),
            Removed = OptionalVersion(root, "removed", "$"),
            LastWith = OptionalVersion(root, "lastWith", "$"),
            Title = OptionalString(root, "title", "$"),
            Scans = scans,
            Notes = ReadStrings(root, "notes", "$"),
        };
    }

    private static Severity Severity(string text, string path) =>
        SeverityNames.TryParse(text, out var severity) ? severity : throw new InvalidDataException($"{path}: '{EntryNames.OneLine(text)}' is not a severity");

    private static NpmVersionInfo Version(JsonElement item, string path, string? deprecated)
    {
        var published = OptionalString(item, "publishedAt", path);
        DateTimeOffset? at = null;
        if (published is not null)
        {
            at = DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new InvalidDataException($"{path}.publishedAt: '{EntryNames.OneLine(published)}' is not a date");
        }

        return new NpmVersionInfo(RequiredString(item, "version", path), at, deprecated);
    }

    private static NpmVersionInfo? OptionalVersion(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Expect(value, JsonValueKind.Object, path + "." + name);
        return Version(value, path + "." + name, null);
    }

    private static bool? Presence(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Null ? null : OptionalBoolean(parent, name, path);

    private static VersionScan? Scan(JsonElement parent, string path)
    {
        if (!parent.TryGetProperty("scan", out var scan) || scan.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var scanPath = path + ".scan";
        Expect(scan, JsonValueKind.Object, scanPath);
        var executables = ReadArray(scan, "executables", scanPath, required: false, (item, itemPath) =>
        {
            Expect(item, JsonValueKind.Object, itemPath);
            return new ScannedExecutable(RequiredString(item, "path", itemPath), RequiredString(item, "sha256", itemPath));
        });
        return new VersionScan(RequiredString(scan, "sha256", scanPath), OptionalString(scan, "platform", scanPath), executables);
    }
}
