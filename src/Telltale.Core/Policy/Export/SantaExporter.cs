using System.Text;
using Telltale.Reports;

namespace Telltale.Policy.Export;

/// <summary>
/// Writes a policy's native builds as the body of a Santa sync server's rule-download response
/// (<c>{"rules":[{"identifier","policy","rule_type","custom_msg"}]}</c>, the fields google/santa and
/// northpolesec/santa read), for a sync server or <c>santactl rule --import</c> to serve. Only <c>BINARY</c> rules,
/// since a policy knows a build by the sha256 of its executable:
/// <list type="bullet">
/// <item>a banned entry in force at <c>asOf</c> (no effective date, or its enforcement, after any grace, has begun):
/// <c>BLOCKLIST</c>, whose block dialog shows <c>custom_msg</c>; not <c>SILENT_BLOCKLIST</c>, since a user should learn
/// why the tool stopped and what to use instead;</item>
/// <item>a banned entry not yet in force: no rule. Santa has no warn-only binary rule (a block rule blocks in monitor
/// mode too), so blocking before the announced date would break the promise the date makes;</item>
/// <item>an allowed entry: <c>REMOVE</c>, so that a build once blocked is unblocked when the decision changes (removing
/// a rule Santa does not have is a no-op). Allowed builds are never <c>ALLOWLIST</c>ed: in lockdown mode that would
/// let them run, which a policy saying "checked, nothing high" does not decide;</item>
/// <item>review and restricted entries: no rule, since their checks only warn.</item>
/// </list>
/// One rule per sha256, ordered by it; a hash both blocked and allowed (by two entries) is blocked.
/// Santa runs on macOS, so rules for Linux or Windows builds are inert there; they are kept so that one export serves
/// every platform's tooling that reads this format.
/// </summary>
/// <param name="asOf">The instant the rules are for, usually now; passed in so the output is reproducible.</param>
public sealed class SantaExporter(DateTimeOffset asOf)
{
    /// <summary>Santa truncates nothing, but its dialog is small: longer messages are cut to this many characters.</summary>
    public const int MaxMessageLength = 300;

    /// <summary>The rules, ordered by identifier.</summary>
    public IReadOnlyList<SantaRule> Rules(PolicyDocument policy)
    {
        var rules = new SortedDictionary<string, SantaRule>(StringComparer.Ordinal);
        foreach (PolicyEntry entry in policy.Entries)
        {
            string? santaPolicy = entry.Status switch
            {
                PolicyStatus.Banned when PolicyExportText.InForce(entry, asOf) => "BLOCKLIST",
                PolicyStatus.Allowed => "REMOVE",
                _ => null,
            };
            if (santaPolicy is null)
            {
                continue;
            }

            foreach (AffectedPackage affected in entry.Affected)
            {
                foreach (NativeBuild build in affected.NativeBuilds)
                {
                    string sha256 = build.Sha256.ToLowerInvariant();
                    if (!IsSha256(sha256))
                    {
                        // Santa rejects the whole download on a malformed identifier; one bad hash must not cost the rest.
                        continue;
                    }

                    if (rules.TryGetValue(sha256, out SantaRule? existing) && existing.Policy == "BLOCKLIST")
                    {
                        continue;
                    }

                    string? message = santaPolicy == "BLOCKLIST" ? Message(entry, affected, build) : null;
                    rules[sha256] = new SantaRule(sha256, santaPolicy, "BINARY", message);
                }
            }
        }

        return [.. rules.Values];
    }

    /// <summary>The rule-download body, ending with a newline.</summary>
    public string Document(PolicyDocument policy)
    {
        var json = new JsonEmitter();
        json.StartObject();
        json.StartArray("rules");
        foreach (SantaRule rule in Rules(policy))
        {
            json.StartObject();
            json.String("identifier", rule.Identifier);
            json.String("policy", rule.Policy);
            json.String("rule_type", rule.RuleType);
            if (rule.CustomMessage is not null)
            {
                json.String("custom_msg", rule.CustomMessage);
            }

            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    public void Write(PolicyDocument policy, TextWriter writer) => writer.Write(Document(policy));

    private static string Message(PolicyEntry entry, AffectedPackage affected, NativeBuild build)
    {
        var text = new StringBuilder();
        text.Append("Blocked by policy ").Append(entry.Id).Append(": ").Append(entry.Title)
            .Append(" (").Append(affected.Name);
        if (build.Version is not null)
        {
            text.Append(' ').Append(build.Version);
        }

        text.Append(", ").Append(build.Platform).Append(").");
        if (entry.Alternatives.Count > 0)
        {
            text.Append(" Use ").Append(string.Join(" or ", entry.Alternatives.Select(a => a.Spec))).Append(" instead.");
        }

        return Clean(text.ToString());
    }

    // The message is shown in a dialog: control characters and hidden ones would garble or disguise it, so they go,
    // and the length is bounded whatever the policy's title says.
    private static string Clean(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (Rune rune in message.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || ReportText.IsHardToSee(rune))
            {
                text.Append(' ');
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        string clean = text.ToString();
        if (clean.Length <= MaxMessageLength)
        {
            return clean;
        }

        // Cut before a surrogate pair rather than through it.
        int cut = char.IsHighSurrogate(clean[MaxMessageLength - 2]) ? MaxMessageLength - 2 : MaxMessageLength - 1;
        return string.Concat(clean.AsSpan(0, cut), "…");
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
