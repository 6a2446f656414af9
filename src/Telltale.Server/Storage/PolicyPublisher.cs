using System.Globalization;
using Telltale.Policy;
using Telltale.Team;

namespace Telltale.Server.Storage;

/// <summary>
/// The one way a new policy version is written, for <c>PUT /api/v1/policy</c> and the dashboard's editor alike: the text
/// must stand alone, the same text again writes nothing, and every version written has the audit row of who put it.
/// </summary>
internal sealed class PolicyPublisher(ServerStores stores, PolicyCache cache)
{
    /// <summary>The policy's name when an entry is added before any policy was put.</summary>
    public const string DefaultName = "team policy";

    /// <exception cref="PolicyException">when <paramref name="yaml"/> is not a self-contained policy.</exception>
    public PolicyPutResult Put(string yaml, AuditContext audit)
    {
        var document = PolicyLoader.ParseSelfContained(yaml, PolicyCache.PolicyFileName);

        // Putting the current text again changes nothing, so nothing is written or audited.
        var current = cache.Current();
        if (current.Stored is { } unchanged && unchanged.Yaml == yaml)
        {
            return new PolicyPutResult(unchanged, current.Document, Changed: false);
        }

        var stored = stores.Team.SavePolicy(yaml, document.Name, document.Entries.Count, audit);
        return new PolicyPutResult(stored, document, Changed: true);
    }

    /// <summary>Puts the current policy with <paramref name="entry"/> added at the end.</summary>
    /// <exception cref="PolicyException">when the policy has an entry with its id already.</exception>
    public PolicyPutResult AddEntry(PolicyEntry entry, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var current = cache.Current();
        if (current.Document.Entries.Any(e => e.Id == entry.Id))
        {
            throw new PolicyException($"the policy has an entry {entry.Id} already: edit that one, or add this one with another id");
        }

        return Put(WithEntry(current, entry), audit);
    }

    /// <summary>
    /// The current text with the entry's YAML appended, which keeps the reviewer's comments and layout, when that reads
    /// back as the same entries plus the new one; otherwise (entries not last, or in flow style) the whole policy as the
    /// writer writes it.
    /// </summary>
    private static string WithEntry(CurrentPolicy current, PolicyEntry entry)
    {
        using var entryText = new StringWriter(CultureInfo.InvariantCulture);
        PolicyYamlWriter.Write(null, [entry], entryText);
        var entryYaml = entryText.ToString();
        var entryLines = entryYaml[(entryYaml.IndexOf("entries:\n", StringComparison.Ordinal) + "entries:\n".Length)..];
        if (current.Stored is { } stored)
        {
            var appended = stored.Yaml.EndsWith('\n') ? stored.Yaml + entryLines : stored.Yaml + "\n" + entryLines;
            try
            {
                var reread = PolicyLoader.ParseSelfContained(appended, PolicyCache.PolicyFileName);
                if (reread.Entries.Select(e => e.Id).SequenceEqual(current.Document.Entries.Select(e => e.Id).Append(entry.Id), StringComparer.Ordinal))
                {
                    return appended;
                }
            }
            catch (PolicyException)
            {
                // Not a block list of entries at the end: written out whole below.
            }
        }

        using var whole = new StringWriter(CultureInfo.InvariantCulture);
        PolicyYamlWriter.Write(current.Stored is null ? DefaultName : current.Document.Name, [.. current.Document.Entries, entry], whole);
        return whole.ToString();
    }
}
