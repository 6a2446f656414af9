using Telltale.Findings;

namespace Telltale.Probing.Matrix;

/// <summary>
/// The environments a probe runs the tool in, each at least twice (differences between repeats of one
/// variant are noise). Built-in defaults cover time zone, locale, API base-URL host (plain, on a listed
/// domain, with a lab keyword) and proxy variables; a YAML file replaces them, a scan adds what it calls for.
/// </summary>
public sealed record ProbeMatrix(IReadOnlyList<ProbeVariant> Variants, int Repeats = 2)
{
    public const string BaselineName = "baseline";

    /// <summary>Where the variants came from: the defaults, a file or a scan.</summary>
    public ProbeMatrixSource Source { get; init; } = ProbeMatrixSource.Defaults;

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
        static Dictionary<string, string?> BaseUrl(string host) => BaseUrlVariables.ToDictionary(v => v, v => (string?)BaseUrlConvention.For(v, host));

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
    /// Variants a scan calls for (<see cref="ScanDerivedVariants"/>: a listed domain without a keyword, a keyword
    /// host, a host on both, the compared time zones alone and with a plain base URL, compared locales, the proxy
    /// variables read; base URLs in the variables the code checks), then the defaults not already there, at most
    /// <see cref="MaxVariantsFromScan"/> variants. A report that calls for none gives the defaults.
    /// </summary>
    /// <param name="source">What was scanned; by default the report's target.</param>
    public static ProbeMatrix FromScan(ScanReport report, ProbeMatrixSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        source ??= new ProbeMatrixSource(ProbeMatrixOrigin.Scan, $"scan of {Describe(report.Target)}") { Sha256 = report.Target.Sha256 };
        var derived = ScanDerivedVariants.Derive(report);
        var variants = new List<ProbeVariant> { Default.Variants[0] };
        var environments = new HashSet<string>(StringComparer.Ordinal) { EnvironmentKey(Default.Variants[0]) };
        var names = new HashSet<string>(StringComparer.Ordinal) { BaselineName };
        var added = 0;
        foreach (var (variant, fromScan) in derived.Select(v => (v, true)).Concat(Default.Variants.Select(v => (v, false))))
        {
            if (!environments.Add(EnvironmentKey(variant)))
            {
                continue;
            }

            var name = names.Add(variant.Name) ? variant.Name : $"{variant.Name} (default)";
            names.Add(name);
            variants.Add(variant with { Name = name });
            added += fromScan ? 1 : 0;
        }

        return new ProbeMatrix(variants, Default.Repeats) { Source = source with { DerivedVariants = added } };
    }

    /// <summary>Derived variants (<see cref="ScanDerivedVariants.MaxVariants"/>), the defaults and the baseline.</summary>
    public static int MaxVariantsFromScan => ScanDerivedVariants.MaxVariants + Default.Variants.Count;

    private static string Describe(ScanTarget target) => target.Version is null ? target.Name : $"{target.Name}@{target.Version}";

    private static string EnvironmentKey(ProbeVariant variant) => string.Join("\n", variant.Environment
        .OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => kv.Value is null ? $"{kv.Key}\u0000" : $"{kv.Key}={kv.Value}"));
}
