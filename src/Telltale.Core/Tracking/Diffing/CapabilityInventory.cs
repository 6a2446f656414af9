using System.Text.RegularExpressions;
using Telltale.Classification;
using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// The capabilities one report shows, by category, read from its findings' capability names and
/// behaviour steps (docs/rules.md has the vocabulary). Only names, values and list entries go into an
/// identity — never locations or code excerpts, which change with every build of a minified tool.
/// </summary>
internal static partial class CapabilityInventory
{
    /// <summary>Sinks through which text leaves the process: where a behaviour sends what it chose.</summary>
    private static readonly HashSet<string> NetworkSinks = new(StringComparer.Ordinal)
    {
        "sink.network", "sink.http-header", "sink.llm-user-message", "sink.llm-system-prompt",
    };

    public static IReadOnlyList<CapabilityEntry> Of(ScanReport report)
    {
        var entries = new Dictionary<string, CapabilityEntry>(StringComparer.Ordinal);
        var lists = new Dictionary<string, CapabilityEntry>(StringComparer.Ordinal);

        void Add(CapabilityEntry entry)
        {
            var table = entry.Category == CapabilityCategory.HiddenLists ? lists : entries;
            table[entry.Identity] = table.TryGetValue(entry.Identity, out var known)
                ? known with { Severity = (Severity)Math.Max((int)known.Severity, (int)entry.Severity), Detail = known.Detail.Length > 0 ? known.Detail : entry.Detail }
                : entry;
        }

        foreach (var finding in report.Findings)
        {
            var severity = finding.Severity;
            foreach (var capability in finding.Capabilities)
            {
                FromName(capability, "", severity, finding.Behaviour is null ? finding.Items : [], Add);
            }

            foreach (var url in Urls(finding.Items.Append(finding.Evidence.Decoded ?? finding.Evidence.Text)))
            {
                Add(Url(url, severity));
            }

            if (finding.Behaviour is not { } behaviour)
            {
                continue;
            }

            foreach (var step in behaviour.Steps())
            {
                if (step.Capability is { } capability)
                {
                    FromStep(step, capability, severity, Add);
                }

                if (step.Kind == BehaviourStepKind.Sink)
                {
                    foreach (var url in Urls(step.Values.Append(step.Excerpt)))
                    {
                        Add(Url(url, severity));
                    }
                }
            }
        }

        return [.. entries.Values, .. lists.Values];
    }

    private static void FromStep(BehaviourStep step, string capability, Severity severity, Action<CapabilityEntry> add)
    {
        if (capability.StartsWith("channel.", StringComparison.Ordinal))
        {
            // A channel is the choice it makes: its kind and the variants it picks between.
            var variants = string.Join("\u001F", step.Values.Order(StringComparer.Ordinal));
            add(new CapabilityEntry(CapabilityCategory.CovertChannels, $"{capability}|{variants}", capability,
                capability["channel.".Length..], step.Summary, severity, [], step.Values));
        }
        else if (NetworkSinks.Contains(capability))
        {
            add(new CapabilityEntry(CapabilityCategory.NetworkEndpoints, capability, capability, capability, step.Summary, severity, [], []));
        }
        else
        {
            FromName(capability, step.Summary, severity, step.Kind == BehaviourStepKind.List ? step.Values : [], add);
        }
    }

    private static void FromName(string capability, string detail, Severity severity, IReadOnlyList<string> items, Action<CapabilityEntry> add)
    {
        if (capability.StartsWith("env.read:", StringComparison.Ordinal))
        {
            var name = capability["env.read:".Length..];
            add(new CapabilityEntry(CapabilityCategory.EnvironmentVariables, capability, capability, name == "*" ? "* (a computed name)" : name, detail, severity, [], []));
        }
        else if (capability.StartsWith("host.", StringComparison.Ordinal))
        {
            add(new CapabilityEntry(CapabilityCategory.Fingerprints, capability, capability, capability, detail, severity, [], []));
        }
        else if (capability.StartsWith("fingerprint:", StringComparison.Ordinal))
        {
            var term = capability["fingerprint:".Length..];
            add(new CapabilityEntry(CapabilityCategory.Fingerprints, capability, capability, term, detail, severity, [], []));

            // A geo-IP service the code names (ipinfo.io) is a host it talks to, not only a term it knows.
            if (ValueClassifier.ClassifyItem(term) == ValueKind.Domain)
            {
                add(new CapabilityEntry(CapabilityCategory.NetworkEndpoints, "host:" + term.ToLowerInvariant(), capability, term.ToLowerInvariant(), "named as a fingerprinting indicator", severity, [], []));
            }
        }
        else if ((capability.StartsWith("list.hidden:", StringComparison.Ordinal) || capability.StartsWith("list.encoded:", StringComparison.Ordinal)) && items.Count > 0)
        {
            // The same list shows up as a list finding and as a step of the behaviour that uses it, and a
            // bundle shipped twice has it twice: one entry per distinct set of entries.
            var distinct = items.Distinct(StringComparer.Ordinal).ToList();
            var identity = capability + "|" + string.Join("\u001F", distinct.Order(StringComparer.Ordinal));
            add(new CapabilityEntry(CapabilityCategory.HiddenLists, identity, capability, capability[(capability.IndexOf(':', StringComparison.Ordinal) + 1)..], detail, severity, distinct, []));
        }
    }

    private static CapabilityEntry Url(string url, Severity severity) =>
        new(CapabilityCategory.NetworkEndpoints, "url:" + url, "url", url, "", severity, [], []);

    private static IEnumerable<string> Urls(IEnumerable<string> texts) =>
        texts.SelectMany(t => UrlPattern().Matches(t).Select(m => m.Value.TrimEnd('.', ',', ';', ':', ')', ']', '}', '!', '?')));

    // Commas end a URL as well: decoded lists are often comma-separated URLs.
    [GeneratedRegex(@"\b(?:https?|wss?)://[^\s""'`<>\\,|]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UrlPattern();
}
