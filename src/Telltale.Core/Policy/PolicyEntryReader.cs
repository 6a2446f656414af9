using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telltale.Policy;

/// <summary>Reads and checks one entry of a policy file; every problem is a <see cref="PolicyException"/> at its line.</summary>
internal static partial class PolicyEntryReader
{
    public static PolicyEntry Read(string file, YamlNode node)
    {
        var entry = new YamlMappingReader(file, node, "an entry");
        var id = entry.RequiredText("id");
        if (!IdPattern().IsMatch(id))
        {
            throw entry.Error(entry.Required("id"), $"id '{YamlMappingReader.Escaped(id)}' must be letters, digits and . _ : - (at most 100)");
        }

        var reader = new YamlMappingReader(file, node, $"entry '{id}'");
        reader.Required("id");
        var title = reader.RequiredText("title");
        var status = ParseStatus(reader, reader.Required("status"));
        var effective = reader.Optional("effective") is { } effectiveNode ? ReadEffective(file, effectiveNode, id) : null;
        var reason = reader.OptionalText("reason");
        var affected = reader.List("affected").Select(a => ReadAffected(file, a, id)).ToList();
        if (affected.Count == 0)
        {
            throw reader.Error(reader.Optional("affected") ?? node, $"entry '{id}' needs 'affected': the packages it covers");
        }

        var evidence = reader.List("evidence").Select(e => ReadEvidence(file, e, id)).ToList();
        var alternatives = reader.List("alternatives").Select(a => ReadAlternative(file, a, id)).ToList();
        var decided = reader.Optional("decided") is { } decidedNode ? ReadDecision(file, decidedNode, id) : null;
        var aliases = reader.TextList("aliases");
        reader.RejectUnknown();
        return new PolicyEntry
        {
            Id = id,
            Title = title,
            Status = status,
            Effective = effective,
            Reason = reason,
            Affected = affected,
            Evidence = evidence,
            Alternatives = alternatives,
            Decided = decided,
            Aliases = aliases,
            Source = $"{file}:{node.Start.Line}",
        };
    }

    public static PolicyStatus ParseStatus(YamlMappingReader reader, YamlNode node)
    {
        var text = reader.Text(node, "status");
        return PolicyStatusNames.TryParse(text, out var status)
            ? status
            : throw reader.Error(node, $"status '{YamlMappingReader.Escaped(text)}' is not banned, restricted, review or allowed");
    }

    private static EffectiveDate ReadEffective(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"'effective' of entry '{id}'");
        var date = reader.OptionalDate("date") ?? throw reader.Error(node, $"'effective' of entry '{id}' needs 'date' (YYYY-MM-DD)");
        var zoneNode = reader.Optional("time_zone");
        var zone = zoneNode is null ? "UTC" : reader.Text(zoneNode, "time_zone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw reader.Error(zoneNode!, $"time zone '{YamlMappingReader.Escaped(zone)}' is not an IANA time zone this machine knows (e.g. Europe/Berlin, UTC)");
        }

        var grace = 0;
        if (reader.Optional("grace_days") is { } graceNode
            && (!int.TryParse(reader.Text(graceNode, "grace_days"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out grace) || grace > 3650))
        {
            throw reader.Error(graceNode, "'grace_days' must be a whole number of days from 0 to 3650");
        }

        reader.RejectUnknown();
        return new EffectiveDate(date, zone, grace);
    }

    private static AffectedPackage ReadAffected(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"an 'affected' item of entry '{id}'");
        var packageNode = reader.Required("package");
        var package = new YamlMappingReader(file, packageNode, $"the package of entry '{id}'");
        var ecosystemNode = package.Required("ecosystem");
        var ecosystemText = package.Text(ecosystemNode, "ecosystem");
        var ecosystem = PolicyEcosystems.Canonical(ecosystemText)
            ?? throw package.Error(ecosystemNode, $"ecosystem '{YamlMappingReader.Escaped(ecosystemText)}' is not one of {string.Join(", ", PolicyEcosystems.All)}");
        var name = package.RequiredText("name");
        if (name.Any(char.IsControl) || name.Length > 214)
        {
            throw package.Error(package.Required("name"), $"package name '{YamlMappingReader.Escaped(name)}' has control characters or is over 214 characters");
        }

        package.OptionalText("purl");
        package.RejectUnknown();

        var ranges = reader.List("ranges").Select(r => ReadRange(file, r, id)).ToList();
        var versions = new List<string>();
        foreach (var versionNode in reader.List("versions"))
        {
            var version = reader.Text(versionNode, "versions");
            if (!VersionOrder.IsVersion(version))
            {
                throw reader.Error(versionNode, $"'{YamlMappingReader.Escaped(version)}' in 'versions' is not a version");
            }

            versions.Add(version);
        }

        var builds = reader.List("native_builds").Select(b => ReadNativeBuild(file, b, id)).ToList();
        reader.RejectUnknown();
        return new AffectedPackage(ecosystem, name) { Ranges = ranges, Versions = versions, NativeBuilds = builds };
    }

    private static AffectedRange ReadRange(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"a range of entry '{id}'");
        if (reader.Optional("type") is { } typeNode && reader.Text(typeNode, "type") is var type && !type.Equals("SEMVER", StringComparison.OrdinalIgnoreCase))
        {
            throw reader.Error(typeNode, $"range type '{YamlMappingReader.Escaped(type)}' is not SEMVER (the only type every ecosystem here uses)");
        }

        var events = new List<(RangeEvent Event, YamlNode Node)>();
        foreach (var eventNode in reader.List("events"))
        {
            var step = new YamlMappingReader(file, eventNode, $"a range event of entry '{id}'");
            var found = new List<(RangeEventKind, YamlNode)>();
            foreach (var (key, kind) in new[] { ("introduced", RangeEventKind.Introduced), ("fixed", RangeEventKind.Fixed), ("last_affected", RangeEventKind.LastAffected) })
            {
                if (step.Optional(key) is { } value)
                {
                    found.Add((kind, value));
                }
            }

            step.RejectUnknown();
            if (found.Count != 1)
            {
                throw step.Error(eventNode, "a range event is exactly one of introduced, fixed or last_affected");
            }

            var (eventKind, valueNode) = found[0];
            var version = step.Text(valueNode, "version");
            if (!VersionOrder.IsVersion(version) || (version == VersionOrder.Zero && eventKind != RangeEventKind.Introduced))
            {
                throw step.Error(valueNode, $"'{YamlMappingReader.Escaped(version)}' is not a version{(version == VersionOrder.Zero ? " (\"0\" only goes with introduced)" : "")}");
            }

            events.Add((new RangeEvent(eventKind, version), valueNode));
        }

        reader.RejectUnknown();
        CheckOrder(file, events, id, node);
        return new AffectedRange(events.Select(e => e.Event).ToList());
    }

    /// <summary>
    /// Events must read as they apply: introduced, then at most one fixed or last_affected above it, then the next
    /// introduced above that. A fixed at or below its introduced is a reversed range, the commonest slip when a
    /// range is typed by hand, and would silently cover nothing.
    /// </summary>
    private static void CheckOrder(string file, List<(RangeEvent Event, YamlNode Node)> events, string id, YamlNode rangeNode)
    {
        if (events.Count == 0 || events[0].Event.Kind != RangeEventKind.Introduced)
        {
            throw YamlMappingReader.Error(file, events.Count == 0 ? rangeNode : events[0].Node, $"a range of entry '{id}' must start with an introduced event");
        }

        for (var i = 1; i < events.Count; i++)
        {
            var (previous, current) = (events[i - 1].Event, events[i].Event);
            var order = VersionOrder.Compare(previous.Version, current.Version);
            var closes = current.Kind != RangeEventKind.Introduced;
            if (closes && previous.Kind != RangeEventKind.Introduced)
            {
                throw YamlMappingReader.Error(file, events[i].Node, $"two limits in a row in a range of entry '{id}': each fixed or last_affected closes one introduced");
            }

            if (!closes && previous.Kind == RangeEventKind.Introduced)
            {
                throw YamlMappingReader.Error(file, events[i].Node, $"two introduced events in a row in a range of entry '{id}'");
            }

            var reversed = current.Kind == RangeEventKind.LastAffected ? order > 0 : order >= 0;
            if (reversed)
            {
                var what = closes ? $"{PolicyYamlWriter.EventKey(current.Kind)} {current.Version} is not above introduced {previous.Version}" : $"introduced {current.Version} is not above {PolicyYamlWriter.EventKey(previous.Kind)} {previous.Version}";
                throw YamlMappingReader.Error(file, events[i].Node, $"reversed range in entry '{id}': {YamlMappingReader.Escaped(what)}");
            }
        }
    }

    private static NativeBuild ReadNativeBuild(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"a native build of entry '{id}'");
        var platform = reader.RequiredText("platform");
        var sha256Node = reader.Required("sha256");
        var sha256 = reader.Text(sha256Node, "sha256").ToLowerInvariant();
        if (!Sha256Pattern().IsMatch(sha256))
        {
            throw reader.Error(sha256Node, "sha256 must be 64 hex digits");
        }

        var version = reader.OptionalText("version");
        var path = reader.OptionalText("path");
        reader.RejectUnknown();
        return new NativeBuild(platform, sha256, version, path);
    }

    private static PolicyEvidence ReadEvidence(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"evidence of entry '{id}'");
        var kindNode = reader.Required("kind");
        var kind = reader.Text(kindNode, "kind");
        if (!PolicyEvidence.Kinds.Contains(kind, StringComparer.Ordinal))
        {
            throw reader.Error(kindNode, $"evidence kind '{YamlMappingReader.Escaped(kind)}' is not one of {string.Join(", ", PolicyEvidence.Kinds)}");
        }

        var evidence = new PolicyEvidence(kind, reader.RequiredText("id")) { Note = reader.OptionalText("note") };
        reader.RejectUnknown();
        return evidence;
    }

    private static PolicyAlternative ReadAlternative(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"an alternative of entry '{id}'");
        var spec = reader.RequiredText("spec");
        if (!AlternativeSpecPattern().IsMatch(spec))
        {
            throw reader.Error(reader.Required("spec"), $"alternative '{YamlMappingReader.Escaped(spec)}' is not npm:NAME, vscode:PUBLISHER.NAME or jetbrains:ID");
        }

        var scan = reader.OptionalText("scan");
        var highestNode = reader.Optional("highest");
        var highest = highestNode is null ? null : reader.Text(highestNode, "highest");
        if (highest is not null)
        {
            if (highest != "none" && !Findings.SeverityNames.TryParse(highest, out _))
            {
                throw reader.Error(highestNode!, $"'highest' must be none, info, low, medium, high or critical, not '{YamlMappingReader.Escaped(highest)}'");
            }

            // The point of naming an alternative is that it was checked and found clean enough to move to.
            if (Findings.SeverityNames.TryParse(highest, out var severity) && severity >= Findings.Severity.High)
            {
                throw reader.Error(highestNode!, $"alternative {YamlMappingReader.Escaped(spec)} had {highest} findings in its latest scan: an alternative must have nothing at high or above");
            }
        }

        var alternative = new PolicyAlternative(spec)
        {
            Scan = scan,
            Version = reader.OptionalText("version"),
            Highest = highest,
            CheckedOn = reader.OptionalDate("checked_on"),
            Note = reader.OptionalText("note"),
        };
        reader.RejectUnknown();
        return alternative;
    }

    private static PolicyDecision ReadDecision(string file, YamlNode node, string id)
    {
        var reader = new YamlMappingReader(file, node, $"'decided' of entry '{id}'");
        var decision = new PolicyDecision(reader.RequiredText("by"), reader.OptionalDate("on") ?? throw reader.Error(node, $"'decided' of entry '{id}' needs 'on' (YYYY-MM-DD)"));
        reader.RejectUnknown();
        return decision;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    internal static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^(npm:(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*(@[^\s@]+)?|vscode:[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*|jetbrains:[A-Za-z0-9][A-Za-z0-9._-]*)$")]
    private static partial Regex AlternativeSpecPattern();
}
