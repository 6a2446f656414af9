using Telltale.Findings;

namespace Telltale.Tests.Tracking.Diffing;

/// <summary>Hand-built findings shaped like the real ones (rule ids, capabilities, behaviour trees of claude-code 2.1.91).</summary>
internal static class DiffFixtures
{
    public const string EntryPath = "package/cli.js";

    public static ScanReport Report(string version, params Finding[] findings) => new()
    {
        ToolVersion = "0.1.0-test",
        Target = new ScanTarget("@acme/agent", version, new string(version[^1], 64), "npm:@acme/agent@" + version),
        ScannedAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
        Statistics = new ScanStatistics(),
        Findings = findings,
    };

    public static SourceLocation At(long offset) => new(EntryPath, (int)(offset / 1000) + 1, (int)(offset % 1000) + 1, offset);

    /// <summary>A TT1001 hidden list; <paramref name="literal"/> stands for the encoded text, which changes with the key.</summary>
    public static Finding List(string kind, long offset, IReadOnlyList<string> items, Severity severity = Severity.Critical, string literal = "ODV3KDo1MC46", params string[] indicators) => new()
    {
        RuleId = "TT1001",
        Title = $"Hidden list of {kind} decoded from an obfuscated literal",
        Severity = severity,
        Confidence = 0.5,
        Location = At(offset),
        Evidence = new Evidence(literal, string.Join(",", items), ["base64", "xor 0x5B"]),
        Capabilities = ["list.hidden:" + kind, .. indicators.Select(i => "indicator:" + i)],
        Items = items,
    };

    /// <summary>A TT1201 plain fingerprinting literal, e.g. <c>HTTPS_PROXY</c>.</summary>
    public static Finding Fingerprint(string term, long offset, Severity severity = Severity.Low) => new()
    {
        RuleId = "TT1201",
        Title = "Reads a fingerprinting indicator (text)",
        Severity = severity,
        Location = At(offset),
        Evidence = new Evidence(term),
        Capabilities = ["fingerprint:" + term, "indicator:" + term.ToLowerInvariant()],
    };

    public static Finding Obfuscated(string decoded, long offset, Severity severity = Severity.Medium, string ruleId = "TT1003") => new()
    {
        RuleId = ruleId,
        Title = ruleId == "TT1006" ? "Encoded keyword decoded" : "Obfuscated text decoded",
        Severity = severity,
        Location = At(offset),
        Evidence = new Evidence("eyJhbGciOiJkaXIi", decoded, ["base64"]),
        Capabilities = [ruleId == "TT1006" ? "string.encoded:keyword" : "string.obfuscated:text"],
    };

    /// <summary>
    /// The 2.1.91 chain: the base URL's host against a hidden domain list picks a look-alike apostrophe in
    /// a user message. <paramref name="minified"/> names the bundle's functions, which change every build.
    /// </summary>
    public static Finding Behaviour(long offset, IReadOnlyList<string> domains, string minified = "Wi_", double capacityBits = 2,
        Severity severity = Severity.Critical, bool withTimeZone = false)
    {
        var source = new BehaviourStep
        {
            Kind = BehaviourStepKind.Source,
            Summary = "host name of env ANTHROPIC_BASE_URL",
            Location = At(offset - 500),
            Excerpt = "process.env.ANTHROPIC_BASE_URL",
            Capability = "env.read:ANTHROPIC_BASE_URL",
        };
        var list = new BehaviourStep
        {
            Kind = BehaviourStepKind.List,
            Summary = $"hidden list of {domains.Count} domains (base64 → xor 0x5B)",
            Location = At(offset + 2000),
            Excerpt = $"DM4({minified}x)",
            Values = domains,
            DecodeChain = ["base64", "xor 0x5B"],
            Capability = "list.hidden:domains",
        };
        var comparison = new BehaviourStep
        {
            Kind = BehaviourStepKind.Comparison,
            Summary = $"host name of env ANTHROPIC_BASE_URL ends with or equals an item of the hidden list of {domains.Count} domains",
            Location = At(offset - 300),
            Excerpt = $"{minified}().some((z)=>q===z||q.endsWith(\".\"+z))",
            Children = [source, list],
        };
        var channel = new BehaviourStep
        {
            Kind = BehaviourStepKind.Channel,
            Summary = "look-alike variant chosen: \"’\" (U+2019 RIGHT SINGLE QUOTATION MARK) / \"'\" (U+0027 APOSTROPHE)",
            Location = At(offset - 70),
            Excerpt = $"{minified}(K?.known??!1)",
            Values = ["’", "'"],
            Capability = "channel.confusable",
            Children = [comparison],
        };
        List<BehaviourStep> carried = [channel];
        if (withTimeZone)
        {
            carried.Add(new BehaviourStep
            {
                Kind = BehaviourStepKind.Transform,
                Summary = "text changed \"-\" → \"/\" when the tests hold",
                Location = At(offset - 40),
                Values = ["-", "/"],
                Capability = "channel.transform",
                Children =
                [
                    new BehaviourStep
                    {
                        Kind = BehaviourStepKind.Comparison,
                        Summary = "time zone (Intl) equals \"Asia/Shanghai\"",
                        Location = At(offset - 400),
                        Values = ["Asia/Shanghai"],
                        Children = [new BehaviourStep { Kind = BehaviourStepKind.Source, Summary = "time zone (Intl)", Location = At(100), Capability = "host.timezone" }],
                    },
                ],
            });
        }

        var capabilities = new List<string> { "channel.confusable", "env.read:ANTHROPIC_BASE_URL", "list.hidden:domains", "sink.llm-user-message" };
        if (withTimeZone)
        {
            capabilities.AddRange(["channel.transform", "host.timezone"]);
        }

        return new Finding
        {
            RuleId = "TT2001",
            Title = "Environment fingerprint selects look-alike or invisible text that leaves the process (sink.llm-user-message)",
            Severity = severity,
            Confidence = 0.9,
            Location = At(offset),
            Evidence = new Evidence("`Today${_}s date is ${z}.`"),
            Capabilities = capabilities.Order(StringComparer.Ordinal).ToList(),
            Behaviour = new Behaviour
            {
                CapacityBits = capacityBits,
                Root = new BehaviourStep
                {
                    Kind = BehaviourStepKind.Sink,
                    Summary = "`content` of a user message (role \"user\")",
                    Location = At(offset + 5_000_000),
                    Excerpt = $"content:q||{minified}",
                    Capability = "sink.llm-user-message",
                    Children =
                    [
                        new BehaviourStep
                        {
                            Kind = BehaviourStepKind.Carrier,
                            Summary = "carried in text Today${…}s date is ${…}.",
                            Location = At(offset),
                            Values = ["Today${…}s date is ${…}."],
                            Children = carried,
                        },
                    ],
                },
            },
        };
    }

    public static IReadOnlyList<string> Domains(int count, string prefix = "lab") =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i}.example").ToList();
}
