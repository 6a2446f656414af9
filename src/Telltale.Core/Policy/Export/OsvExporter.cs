using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Telltale.Reports;

namespace Telltale.Policy.Export;

/// <summary>
/// Writes policy entries as OSV 1.7 records (https://ossf.github.io/osv-schema/), one per entry, so that an OSV
/// consumer (osv-scanner, a vulnerability database) flags what the policy names. See <c>docs/policy-export.md</c>
/// for the field mapping.
/// </summary>
/// <param name="generatedAt">Stands in for <c>modified</c> and <c>published</c> when an entry has no decision date; passed in so that one policy always exports to the same bytes.</param>
public sealed class OsvExporter(DateTimeOffset generatedAt)
{
    public const string SchemaVersion = "1.7.0";

    /// <summary>
    /// The record id of <paramref name="entryId"/>: itself when it already has one of OSV's home-database prefixes
    /// (an entry loaded from an OSV feed, <c>MAL-2026-1234</c>) and is safe as a file name; otherwise <c>x_</c>, OSV's
    /// prefix for private databases, and the id (its first 160 characters) with every character outside
    /// <c>A-Z a-z 0-9 . _ -</c> replaced by <c>-</c>, plus a short hash of the original when anything was replaced or
    /// cut, so two ids do not map to one record.
    /// </summary>
    public static string RecordId(string entryId)
    {
        if (OsvPrefix.IsMatch(entryId) && IsSafeFileName(entryId))
        {
            return entryId;
        }

        var safe = new StringBuilder("x_");
        bool replaced = entryId.Length is 0 or > 160;
        foreach (char c in entryId.Length > 160 ? entryId[..160] : entryId)
        {
            bool keep = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
            safe.Append(keep ? c : '-');
            replaced |= !keep;
        }

        if (replaced || entryId.StartsWith('.'))
        {
            safe.Append('-').Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entryId)))[..8]);
        }

        return safe.ToString();
    }

    /// <summary>One entry's record as a JSON document, ending with a newline.</summary>
    public string Record(PolicyEntry entry)
    {
        var json = new JsonEmitter();
        WriteRecord(json, entry);
        return json.ToString();
    }

    public void WriteRecord(PolicyEntry entry, TextWriter writer) => writer.Write(Record(entry));

    /// <summary>Every entry's record in one JSON array, in policy order.</summary>
    public void WriteArray(PolicyDocument policy, TextWriter writer)
    {
        var json = new JsonEmitter();
        json.StartArray();
        foreach (PolicyEntry entry in policy.Entries)
        {
            WriteRecord(json, entry);
        }

        json.EndArray();
        writer.Write(json.ToString());
    }

    /// <summary>
    /// Writes <c>ID.json</c> for every entry into <paramref name="directory"/> (created if missing), as an OSV database
    /// directory is laid out; returns the files written, in policy order. Two entries whose record ids collide (only
    /// when their ids differ by case on a case-insensitive file system) fail rather than overwrite each other.
    /// </summary>
    public IReadOnlyList<string> WriteDirectory(PolicyDocument policy, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (PolicyEntry entry in policy.Entries)
        {
            string id = RecordId(entry.Id);
            if (!names.Add(id))
            {
                throw new InvalidOperationException($"Two entries export to the OSV record id '{id}' (ids differing only by case).");
            }

            string path = Path.Combine(directory, id + ".json");
            File.WriteAllText(path, Record(entry), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return written;
    }

    private void WriteRecord(JsonEmitter json, PolicyEntry entry)
    {
        string stamp = entry.Decided is { } decided ? PolicyExportText.Timestamp(decided.On) : PolicyExportText.Timestamp(generatedAt);
        json.StartObject();
        json.String("schema_version", SchemaVersion);
        json.String("id", RecordId(entry.Id));
        json.String("modified", stamp);
        json.String("published", stamp);
        if (entry.Aliases.Count > 0)
        {
            json.Strings("aliases", entry.Aliases);
        }

        json.String("summary", entry.Title);
        json.String("details", Details(entry));

        var osvAffected = entry.Affected.Where(a => InOsv(a.Ecosystem)).ToList();
        if (osvAffected.Count > 0)
        {
            json.StartArray("affected");
            foreach (AffectedPackage affected in osvAffected)
            {
                WriteAffected(json, affected);
            }

            json.EndArray();
        }

        var urls = entry.Evidence.Where(IsWebUrl).ToList();
        if (urls.Count > 0)
        {
            json.StartArray("references");
            foreach (PolicyEvidence url in urls)
            {
                json.StartObject();
                json.String("type", "EVIDENCE");
                json.String("url", url.Id);
                json.EndObject();
            }

            json.EndArray();
        }

        WriteDatabaseSpecific(json, entry);
        json.EndObject();
    }

    private static void WriteAffected(JsonEmitter json, AffectedPackage affected)
    {
        json.StartObject();
        json.StartObject("package");
        json.String("ecosystem", affected.Ecosystem);
        json.String("name", affected.Name);
        if (PackageUrl.For(affected.Ecosystem, affected.Name) is { } purl)
        {
            json.String("purl", purl);
        }

        json.EndObject();
        if (affected.Ranges.Count > 0)
        {
            json.StartArray("ranges");
            foreach (AffectedRange range in affected.Ranges)
            {
                json.StartObject();
                json.String("type", range.Type);
                json.StartArray("events");
                foreach (RangeEvent e in range.Events)
                {
                    json.StartObject();
                    json.String(EventName(e.Kind), e.Version);
                    json.EndObject();
                }

                json.EndArray();
                json.EndObject();
            }

            json.EndArray();
        }
        else if (affected.AllVersions)
        {
            // OSV reads an affected package with neither ranges nor versions as affecting nothing, so "every version"
            // is said the OSV way: introduced at 0 and never fixed.
            json.StartArray("ranges");
            json.StartObject();
            json.String("type", "SEMVER");
            json.StartArray("events");
            json.StartObject();
            json.String("introduced", "0");
            json.EndObject();
            json.EndArray();
            json.EndObject();
            json.EndArray();
        }

        if (affected.Versions.Count > 0)
        {
            json.Strings("versions", affected.Versions);
        }

        if (affected.NativeBuilds.Count > 0)
        {
            json.StartObject("database_specific");
            WriteNativeBuilds(json, affected.NativeBuilds);
            json.EndObject();
        }

        json.EndObject();
    }

    private static void WriteDatabaseSpecific(JsonEmitter json, PolicyEntry entry)
    {
        json.StartObject("database_specific");
        json.String("source", "telltale");
        json.String("policy_id", entry.Id);
        json.String("status", PolicyStatusNames.Name(entry.Status));
        if (entry.Effective is { } effective)
        {
            json.StartObject("effective");
            json.String("date", PolicyExportText.Day(effective.Date));
            json.String("time_zone", effective.TimeZone);
            json.Number("grace_days", effective.GraceDays);
            json.String("enforced_at", PolicyExportText.Timestamp(effective.EnforcedAt));
            json.EndObject();
        }

        if (entry.Decided is { } decided)
        {
            json.StartObject("decided");
            json.String("by", decided.By);
            json.String("on", PolicyExportText.Day(decided.On));
            json.EndObject();
        }

        if (entry.Alternatives.Count > 0)
        {
            json.StartArray("alternatives");
            foreach (PolicyAlternative alternative in entry.Alternatives)
            {
                json.StartObject();
                json.String("spec", alternative.Spec);
                OptionalString(json, "version", alternative.Version);
                OptionalString(json, "scan", alternative.Scan);
                OptionalString(json, "highest", alternative.Highest);
                OptionalString(json, "checked_on", alternative.CheckedOn is { } on ? PolicyExportText.Day(on) : null);
                OptionalString(json, "note", alternative.Note);
                json.EndObject();
            }

            json.EndArray();
        }

        if (entry.Evidence.Count > 0)
        {
            json.StartArray("evidence");
            foreach (PolicyEvidence evidence in entry.Evidence)
            {
                json.StartObject();
                json.String("kind", evidence.Kind);
                json.String("id", evidence.Id);
                OptionalString(json, "note", evidence.Note);
                json.EndObject();
            }

            json.EndArray();
        }

        // OSV's ecosystem list has no JetBrains or native ecosystem and its schema rejects unknown ones, so what an
        // entry names there is kept here, in the affected shape, for a consumer that knows telltale's keys.
        var outside = entry.Affected.Where(a => !InOsv(a.Ecosystem)).ToList();
        if (outside.Count > 0)
        {
            json.StartArray("affected_outside_osv");
            foreach (AffectedPackage affected in outside)
            {
                json.StartObject();
                json.String("ecosystem", affected.Ecosystem);
                json.String("name", affected.Name);
                if (affected.Ranges.Count > 0)
                {
                    json.StartArray("ranges");
                    foreach (AffectedRange range in affected.Ranges)
                    {
                        json.StartArray();
                        foreach (RangeEvent e in range.Events)
                        {
                            json.StartObject();
                            json.String(EventName(e.Kind), e.Version);
                            json.EndObject();
                        }

                        json.EndArray();
                    }

                    json.EndArray();
                }

                if (affected.Versions.Count > 0)
                {
                    json.Strings("versions", affected.Versions);
                }

                if (affected.NativeBuilds.Count > 0)
                {
                    WriteNativeBuilds(json, affected.NativeBuilds);
                }

                json.EndObject();
            }

            json.EndArray();
        }

        OptionalString(json, "source_file", entry.Source);
        json.EndObject();
    }

    private static void WriteNativeBuilds(JsonEmitter json, IReadOnlyList<NativeBuild> builds)
    {
        json.StartArray("native_builds");
        foreach (NativeBuild build in builds)
        {
            json.StartObject();
            json.String("platform", build.Platform);
            json.String("sha256", build.Sha256);
            OptionalString(json, "version", build.Version);
            OptionalString(json, "path", build.Path);
            json.EndObject();
        }

        json.EndArray();
    }

    private static string Details(PolicyEntry entry)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(entry.Reason))
        {
            text.Append(entry.Reason.Trim()).Append("\n\n");
        }

        text.Append("Status: ").Append(PolicyStatusNames.Name(entry.Status));
        if (PolicyExportText.Effective(entry.Effective) is { } from)
        {
            text.Append(", ").Append(from);
        }

        text.Append(".\n").Append(PolicyExportText.Action(entry));
        return text.ToString();
    }

    private static bool InOsv(string ecosystem) => ecosystem is PolicyEcosystems.Npm or PolicyEcosystems.VSCode;

    // The schema's references[].url is format "uri"; only absolute http(s) links are references, the rest stay evidence.
    private static bool IsWebUrl(PolicyEvidence evidence) =>
        evidence.Kind == "url"
        && Uri.TryCreate(evidence.Id, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && evidence.Id.All(c => c > ' ' && c < 0x7F);

    private static string EventName(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => "introduced",
        RangeEventKind.Fixed => "fixed",
        RangeEventKind.LastAffected => "last_affected",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void OptionalString(JsonEmitter json, string name, string? value)
    {
        if (value is not null)
        {
            json.String(name, value);
        }
    }

    // The home-database prefixes of the OSV schema's $defs.prefix (validation/schema.json, osv-schema 1.7), minus x_,
    // which is where everything else goes.
    private static readonly Regex OsvPrefix = new(
        @"\A(ASB-A|PUB-A|ALPINE|ALSA|ALBA|ALEA|AZL|BELL|BIT|CGA|CLEANSTART|CLSA|CURL|CVE|DEBIAN|DHI|DRUPAL|DSA|DLA|ELA|DTSA|ECHO|EEF|FreeBSD|GHSA|GO|GSD|HSEC|JLSEC|KUBE|LBSEC|LSN|MAL|MINI|MGASA|OESA|OSEC|OSV|openSUSE-SU|PHSA|PSF|PYSEC|RHBA|RHEA|RHSA|RLSA|RXSA|RSEC|ROOT|RUSTSEC|SUSE-[SRFO]U|UBUNTU|USN|V8)-",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // The record id is also a file name: no separators, no dot segments, no ':' (an NTFS stream), bounded length.
    private static bool IsSafeFileName(string id) =>
        id.Length is > 0 and <= 200
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
