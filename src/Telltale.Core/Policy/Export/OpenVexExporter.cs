using System.Security.Cryptography;
using System.Text;
using Telltale.Reports;

namespace Telltale.Policy.Export;

/// <summary>
/// Writes a policy as one OpenVEX 0.2.0 document (https://github.com/openvex/spec): one statement per entry and
/// affected package, whose products are that package's versions, ranges and native builds. Status: banned and
/// restricted entries are <c>affected</c> with an <c>action_statement</c> naming the alternatives; entries under
/// review are <c>under_investigation</c>; allowed entries are <c>not_affected</c> with the justification
/// <c>vulnerable_code_not_present</c> (the behaviour the list tracks was looked for and not found) and an impact
/// statement naming the evidence. See <c>docs/policy-export.md</c>.
/// </summary>
/// <param name="generatedAt">The document's <c>timestamp</c>, and the statements' where an entry has no decision date.</param>
public sealed class OpenVexExporter(DateTimeOffset generatedAt)
{
    public const string Context = "https://openvex.dev/ns/v0.2.0";

    // Stands in for the document id while the document is hashed; the hash then replaces it.
    private const string IdPlaceholder = "urn:telltale:openvex:pending";

    /// <summary>The document's <c>author</c>: the organisation that decided the policy.</summary>
    public string Author { get; init; } = "Telltale";

    /// <summary>The document's <c>version</c>, at least 1; raise it when re-issuing a document under the same <see cref="DocumentId"/>.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// The document's <c>@id</c>; when null, <c>urn:telltale:openvex:</c> and a sha256 of the document, so the same
    /// policy exported at the same instant has the same id and any change gives a new one.
    /// </summary>
    public string? DocumentId { get; init; }

    /// <summary>The document, ending with a newline.</summary>
    /// <exception cref="ArgumentException">The policy has no entries: OpenVEX requires at least one statement.</exception>
    public string Document(PolicyDocument policy)
    {
        if (policy.Entries.Count == 0)
        {
            throw new ArgumentException("An OpenVEX document needs at least one statement, and the policy has no entries.", nameof(policy));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Version, 1);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("@context", Context);
        json.String("@id", DocumentId ?? IdPlaceholder);
        json.String("author", Author);
        json.String("timestamp", PolicyExportText.Timestamp(generatedAt));
        json.Number("version", Version);
        json.String("tooling", "telltale policy export");
        json.StartArray("statements");
        foreach (PolicyEntry entry in policy.Entries)
        {
            foreach (AffectedPackage affected in entry.Affected)
            {
                WriteStatement(json, entry, affected);
            }
        }

        json.EndArray();
        json.EndObject();
        string text = json.ToString();
        if (DocumentId is not null)
        {
            return text;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        int at = text.IndexOf(IdPlaceholder, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), "urn:telltale:openvex:", hash, text.AsSpan(at + IdPlaceholder.Length));
    }

    public void Write(PolicyDocument policy, TextWriter writer) => writer.Write(Document(policy));

    private void WriteStatement(JsonEmitter json, PolicyEntry entry, AffectedPackage affected)
    {
        json.StartObject();
        json.StartObject("vulnerability");
        json.String("name", entry.Id);
        json.String("description", entry.Title);
        var aliases = entry.Aliases.Distinct(StringComparer.Ordinal).ToList();
        if (aliases.Count > 0)
        {
            json.Strings("aliases", aliases);
        }

        json.EndObject();
        json.String("timestamp", entry.Decided is { } decided ? PolicyExportText.Timestamp(decided.On) : PolicyExportText.Timestamp(generatedAt));
        json.StartArray("products");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Product product in Products(affected))
        {
            if (!seen.Add(product.Purl))
            {
                continue;
            }

            json.StartObject();
            json.StartObject("identifiers");
            json.String("purl", product.Purl);
            json.EndObject();
            if (product.Sha256 is not null)
            {
                json.StartObject("hashes");
                json.String("sha-256", product.Sha256);
                json.EndObject();
            }

            json.EndObject();
        }

        json.EndArray();
        switch (entry.Status)
        {
            case PolicyStatus.Banned or PolicyStatus.Restricted:
                json.String("status", "affected");
                break;
            case PolicyStatus.Review:
                json.String("status", "under_investigation");
                break;
            default:
                json.String("status", "not_affected");
                json.String("justification", "vulnerable_code_not_present");
                json.String("impact_statement", ImpactStatement(entry));
                break;
        }

        string notes = StatusNotes(entry);
        if (notes.Length > 0)
        {
            json.String("status_notes", notes);
        }

        if (entry.Status is PolicyStatus.Banned or PolicyStatus.Restricted)
        {
            json.String("action_statement", PolicyExportText.Action(entry));
            json.String("action_statement_timestamp", entry.Decided is { } on ? PolicyExportText.Timestamp(on.On) : PolicyExportText.Timestamp(generatedAt));
        }

        json.EndObject();
    }

    private static IEnumerable<Product> Products(AffectedPackage affected)
    {
        string ecosystem = affected.Ecosystem;

        // A package without a purl type of its own (a VS Code id with no publisher) is still named, as a generic one.
        string Purl(string? version, IEnumerable<(string, string)>? qualifiers = null) =>
            PackageUrl.For(ecosystem, affected.Name, version, qualifiers)
            ?? PackageUrl.For(PolicyEcosystems.Native, affected.Name, version, qualifiers)!;

        if (ecosystem != PolicyEcosystems.Native || affected.NativeBuilds.Count == 0)
        {
            if (affected.AllVersions)
            {
                // A purl without a version is the package in every version, which is what the entry says.
                yield return new Product(Purl(null), null);
            }

            foreach (string version in affected.Versions)
            {
                yield return new Product(Purl(version), null);
            }

            foreach (AffectedRange range in affected.Ranges)
            {
                yield return new Product(Purl(null, [("vers", Vers(ecosystem, range))]), null);
            }
        }

        foreach (NativeBuild build in affected.NativeBuilds)
        {
            // The executable is not the package: a generic purl pinned by its own checksum, and the hash OpenVEX matches on.
            (string, string)[] qualifiers = [("checksum", "sha256:" + build.Sha256), ("platform", build.Platform)];
            yield return new Product(PackageUrl.For(PolicyEcosystems.Native, affected.Name, build.Version, qualifiers)!, build.Sha256);
        }
    }

    /// <summary>The range as a vers specifier (<c>vers:npm/&gt;=2.1.91|&lt;2.1.198</c>), events in the order given.</summary>
    private static string Vers(string ecosystem, AffectedRange range)
    {
        string scheme = ecosystem switch
        {
            PolicyEcosystems.Npm => "npm",
            PolicyEcosystems.VSCode => "vscode-extension",
            _ => "generic",
        };
        var constraints = new List<string>();
        foreach (RangeEvent e in range.Events)
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced when e.Version != "0":
                    constraints.Add(">=" + e.Version);
                    break;
                case RangeEventKind.Fixed:
                    constraints.Add("<" + e.Version);
                    break;
                case RangeEventKind.LastAffected:
                    constraints.Add("<=" + e.Version);
                    break;
            }
        }

        return $"vers:{scheme}/{(constraints.Count == 0 ? "*" : string.Join('|', constraints))}";
    }

    private static string StatusNotes(PolicyEntry entry)
    {
        var notes = new List<string>();
        if (!string.IsNullOrWhiteSpace(entry.Reason))
        {
            notes.Add(entry.Reason.Trim());
        }

        notes.Add($"Policy status: {PolicyStatusNames.Name(entry.Status)}{(PolicyExportText.Effective(entry.Effective) is { } from ? ", " + from : "")}.");
        if (entry.Evidence.Count > 0)
        {
            notes.Add("Evidence: " + string.Join(", ", entry.Evidence.Select(e => $"{e.Kind} {e.Id}")) + ".");
        }

        return string.Join(' ', notes);
    }

    private static string ImpactStatement(PolicyEntry entry)
    {
        var scans = entry.Evidence.Where(e => e.Kind is "scan" or "history" or "bisect" or "probe" or "report").ToList();
        return scans.Count == 0
            ? "Checked and allowed by policy; no high-risk behaviour was found."
            : "Checked and allowed by policy; no high-risk behaviour was found (" + string.Join(", ", scans.Select(e => $"{e.Kind} {e.Id}")) + ").";
    }

    private sealed record Product(string Purl, string? Sha256);
}
