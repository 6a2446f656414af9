using Telltale.Findings;

namespace Telltale.Probing.Matrix;

/// <summary>
/// The environments a probe runs the tool in, each at least twice (differences between repeats of one
/// variant are noise). Built-in defaults cover time zone, locale, API base-URL host (plain, on a listed
/// domain, with a lab keyword) and proxy variables; a YAML file or a static report can replace them.
/// </summary>
public sealed record ProbeMatrix(IReadOnlyList<ProbeVariant> Variants, int Repeats = 2)
{
    public const string BaselineName = "baseline";

    /// <summary>Variables that name an LLM API's base URL, set together so any tool sees the variant.</summary>
    public static IReadOnlyList<string> BaseUrlVariables { get; } = ["ANTHROPIC_BASE_URL", "OPENAI_BASE_URL"];

    /// <summary>Hosts a tool reaches with no base URL set; they are served locally too.</summary>
    public static IReadOnlyList<string> DefaultApiHosts { get; } = ["api.anthropic.com", "api.openai.com", "generativelanguage.googleapis.com", "statsig.anthropic.com"];

    /// <summary>
    /// Used when no scan names better ones: a plain gateway, two labs' API hosts and a host carrying a lab
    /// keyword. They are examples of each kind of host, not a list of suspects.
    /// </summary>
    public static ProbeMatrix Default { get; } = Build(
        plainHost: "llm-gateway.example.com",
        listedHosts: ["api.deepseek.com"],
        keywordHosts: ["moonshot-gateway.example.com"],
        timeZones: ["Asia/Shanghai"],
        locales: ["zh_CN.UTF-8"],
        proxies: true);

    /// <summary>Every host name the variants' URLs point at, plus the default API hosts.</summary>
    public IReadOnlyList<string> HostNames() => [.. Variants
        .SelectMany(v => v.Environment.Values)
        .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.IdnHost : null)
        .OfType<string>()
        .Concat(DefaultApiHosts)
        .Select(h => h.ToLowerInvariant())
        .Distinct(StringComparer.Ordinal)];

    internal static ProbeMatrix Build(string plainHost, IReadOnlyList<string> listedHosts, IReadOnlyList<string> keywordHosts, IReadOnlyList<string> timeZones, IReadOnlyList<string> locales, bool proxies)
    {
        static Dictionary<string, string?> BaseUrl(string host) => BaseUrlVariables.ToDictionary(v => v, v => (string?)(v.StartsWith("OPENAI", StringComparison.Ordinal) ? $"https://{host}/v1" : $"https://{host}"));

        var variants = new List<ProbeVariant> { new(BaselineName, new Dictionary<string, string?>()) };
        variants.AddRange(timeZones.Select(tz => new ProbeVariant($"tz {tz}", new Dictionary<string, string?> { ["TZ"] = tz })));
        variants.AddRange(locales.Select(locale => new ProbeVariant($"locale {locale}", new Dictionary<string, string?> { ["LANG"] = locale, ["LC_ALL"] = locale })));
        variants.Add(new ProbeVariant($"base url {plainHost}", BaseUrl(plainHost)));

        // Some tools change text only when a non-default base URL and another factor meet (e.g. the time zone).
        variants.AddRange(timeZones.Select(tz => new ProbeVariant($"base url {plainHost} + tz {tz}", new Dictionary<string, string?>(BaseUrl(plainHost)) { ["TZ"] = tz })));
        variants.AddRange(listedHosts.Select(host => new ProbeVariant($"base url {host} (listed domain)", BaseUrl(host))));
        variants.AddRange(keywordHosts.Select(host => new ProbeVariant($"base url {host} (lab keyword)", BaseUrl(host))));
        if (proxies)
        {
            // Present but bypassed (NO_PROXY=*): what changes is the tool noticing a proxy, not the route.
            variants.Add(new ProbeVariant("proxy variables", new Dictionary<string, string?>
            {
                ["HTTPS_PROXY"] = "http://proxy.example.com:3128",
                ["HTTP_PROXY"] = "http://proxy.example.com:3128",
                ["NO_PROXY"] = "*",
            }));
        }

        return new ProbeMatrix(variants);
    }

    /// <summary>
    /// Variants a static report suggests: hosts on the domains and with the keywords of its decoded lists,
    /// the time zones and locales its comparisons test, each with the base URL the behaviour reads.
    /// </summary>
    public static ProbeMatrix FromScan(ScanReport report, int maxHostsPerList = 2)
    {
        var steps = report.Findings.Where(f => f.Behaviour is not null).SelectMany(f => f.Behaviour!.Steps()).ToList();
        var lists = steps.Where(s => s.Kind == BehaviourStepKind.List).Select(s => (s.Capability ?? "", s.Values))
            .Concat(report.Findings.Where(f => f.Items.Count > 0).Select(f => (string.Join(" ", f.Capabilities), f.Items)))
            .ToList();
        var domains = lists.Where(l => l.Item1.Contains("domains", StringComparison.Ordinal)).SelectMany(l => l.Item2)
            .Where(d => d.Contains('.', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(maxHostsPerList)
            .Select(d => "api." + d.TrimStart('.')).ToList();
        var keywords = lists.Where(l => l.Item1.Contains("keywords", StringComparison.Ordinal)).SelectMany(l => l.Item2)
            .Where(k => k.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')).Distinct(StringComparer.Ordinal).Take(maxHostsPerList)
            .Select(k => $"{k}-gateway.example.com").ToList();
        var comparedValues = steps.Where(s => s.Kind == BehaviourStepKind.Comparison).SelectMany(s => s.Values).ToList();
        var timeZones = comparedValues.Where(v => v.Contains('/', StringComparison.Ordinal) && char.IsUpper(v[0])).Distinct(StringComparer.Ordinal).Take(2).ToList();
        var locales = steps.Any(s => s.Capability == "host.locale") ? comparedValues.Where(v => v.Length is >= 2 and <= 5 && v.All(char.IsAsciiLetterLower)).Take(1).Select(l => $"{l}_{l.ToUpperInvariant()}.UTF-8").ToList() : [];

        if (domains.Count == 0 && keywords.Count == 0 && timeZones.Count == 0)
        {
            return Default;
        }

        // A listed domain that also carries a keyword shows how the two tests combine.
        if (domains.Count > 0 && keywords.Count > 0)
        {
            domains.Add($"{keywords[0].Split('-')[0]}.{domains[0]["api.".Length..]}");
        }

        return Build("llm-gateway.example.com", domains, keywords, timeZones.Count > 0 ? timeZones : ["Asia/Shanghai"], locales, proxies: false);
    }
}
