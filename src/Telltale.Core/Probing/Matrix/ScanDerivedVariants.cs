using System.Globalization;
using Telltale.Classification;
using Telltale.Findings;

namespace Telltale.Probing.Matrix;

/// <summary>
/// The variants a scan's findings call for. A hidden domain list and a hidden keyword list are tested by three
/// hosts that each satisfy one combination of the two tests: a listed domain carrying no keyword, a neutral host
/// carrying a keyword, and a listed domain whose host carries a keyword; a host chosen by list position alone can
/// satisfy both tests and hide one combination (<c>api.deepseek.com</c> is listed and carries a keyword). Then the
/// time zones and locales the code compares with, and the proxy variables it reads. Base URLs go in the variables
/// whose host the code checks against the lists. Pure: the same report gives the same variants.
/// </summary>
internal static class ScanDerivedVariants
{
    /// <summary>Three hosts, a plain base URL, each time zone alone and with it, the locales, the proxies.</summary>
    public const int MaxVariants = 3 + 1 + (2 * MaxTimeZones) + MaxLocales + 1;

    internal const int MaxTimeZones = 4;
    internal const int MaxLocales = 2;

    /// <summary>List items tried as the base of a host; a list of 10,000 domains costs no more than this many tries.</summary>
    internal const int MaxCandidates = 256;

    /// <summary>Items of each kind kept to test a host against (containment and suffix checks are linear in them).</summary>
    internal const int MaxListItems = 4096;

    private const int MaxVariableNames = 4;
    private const int MaxValueLength = 64;
    private const string KeywordHostSuffix = "-gateway";

    private static readonly string[] ListedHostPrefixes = ["api", "llm"];
    private static readonly string[] NeutralDomains = ["example.com", "example.net", "example.org"];
    private static readonly string[] PlainHosts = ["llm-gateway.example.com", "llm-gateway.example.net", "llm-gateway.example.org", "gw.example.net"];
    private static readonly HashSet<string> ProxyVariables = new(StringComparer.Ordinal) { "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY" };
    private static readonly HashSet<string> UniversalTimeZones = new(StringComparer.Ordinal) { "Etc/UTC", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "Etc/Greenwich" };

    public static IReadOnlyList<ProbeVariant> Derive(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var steps = report.Findings.Where(f => f.Behaviour is not null).SelectMany(f => f.Behaviour!.Steps()).ToList();
        var comparisons = steps.Where(s => s.Kind == BehaviourStepKind.Comparison).ToList();
        var domains = ListItems(report, steps, "domains").Select(AsDomain).OfType<string>().Distinct(StringComparer.Ordinal).Take(MaxListItems).ToList();
        var keywords = ListItems(report, steps, "keywords").Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal).Take(MaxListItems).ToList();

        bool CarriesKeyword(string host) => keywords.Any(k => host.Contains(k, StringComparison.Ordinal));

        // A raw suffix, stricter than a label boundary: code may test `host.endsWith(domain)` without the dot.
        bool OnListedDomain(string host) => domains.Any(d => host.EndsWith(d, StringComparison.Ordinal));

        var variables = HostCheckedVariables(comparisons);
        Dictionary<string, string?> BaseUrl(string host) => variables.ToDictionary(v => v, v => (string?)BaseUrlValue(v, host), StringComparer.Ordinal);

        var variants = new List<ProbeVariant>();
        var listedHost = ListedHostWithoutKeyword(domains, CarriesKeyword);
        if (listedHost is not null)
        {
            variants.Add(new ProbeVariant($"listed domain {listedHost} (no keyword)", BaseUrl(listedHost)));
        }

        var (keyword, keywordHost) = KeywordHost(keywords, OnListedDomain);
        if (keywordHost is not null)
        {
            variants.Add(new ProbeVariant($"keyword host {keywordHost}", BaseUrl(keywordHost)));
        }

        if (HostOnBoth(keyword ?? keywords.Take(MaxCandidates).FirstOrDefault(HostNameSyntax.IsLabel), listedHost, domains) is { } bothHost)
        {
            variants.Add(new ProbeVariant($"listed domain + keyword {bothHost}", BaseUrl(bothHost)));
        }

        var plainHost = PlainHosts.FirstOrDefault(h => !CarriesKeyword(h) && !OnListedDomain(h));
        var timeZones = TimeZones(comparisons);
        if (plainHost is not null && (variants.Count > 0 || timeZones.Count > 0))
        {
            variants.Add(new ProbeVariant($"plain base url {plainHost}", BaseUrl(plainHost)));
        }

        foreach (var timeZone in timeZones)
        {
            variants.Add(new ProbeVariant($"tz {timeZone}", new Dictionary<string, string?> { ["TZ"] = timeZone }));
            if (plainHost is not null)
            {
                // Some tools change text only when a non-default base URL and the time zone meet.
                variants.Add(new ProbeVariant($"plain base url {plainHost} + tz {timeZone}", new Dictionary<string, string?>(BaseUrl(plainHost)) { ["TZ"] = timeZone }));
            }
        }

        variants.AddRange(Locales(comparisons).Select(locale => new ProbeVariant($"locale {locale}", new Dictionary<string, string?> { ["LANG"] = locale, ["LC_ALL"] = locale })));
        if (ProxyVariant(report, steps) is { } proxies)
        {
            variants.Add(proxies);
        }

        return variants;
    }

    /// <summary>The items of every list of this kind: those a behaviour compares with first, then hidden lists found alone.</summary>
    private static IEnumerable<string> ListItems(ScanReport report, List<BehaviourStep> steps, string kind) => steps
        .Where(s => s.Kind == BehaviourStepKind.List && IsListOf(s.Capability, kind)).SelectMany(s => s.Values)
        .Concat(report.Findings.Where(f => f.Items.Count > 0 && f.Capabilities.Any(c => IsListOf(c, kind))).SelectMany(f => f.Items));

    private static bool IsListOf(string? capability, string kind) =>
        capability is not null && capability.StartsWith("list.", StringComparison.Ordinal) && capability.EndsWith(":" + kind, StringComparison.Ordinal);

    /// <summary>A list item as a domain a host can be built on (<c>*.x.cn</c> and <c>.x.cn</c> are <c>x.cn</c>), or null.</summary>
    private static string? AsDomain(string item)
    {
        var domain = item.Trim().ToLowerInvariant().TrimStart('*').Trim('.');
        return domain.Length <= 200 && HostNameSyntax.IsHostName(domain) ? domain : null;
    }

    /// <summary>
    /// The first listed domain (one of two labels or more before a bare suffix such as <c>cn</c>) whose host carries
    /// no keyword: only the domain test holds for it.
    /// </summary>
    private static string? ListedHostWithoutKeyword(List<string> domains, Func<string, bool> carriesKeyword)
    {
        var ordered = domains.Where(d => d.Contains('.', StringComparison.Ordinal)).Concat(domains.Where(d => !d.Contains('.', StringComparison.Ordinal))).Take(MaxCandidates);
        foreach (var domain in ordered)
        {
            var hosts = ListedHostPrefixes.Select(p => $"{p}.{domain}").Append(domain).Where(h => h.Contains('.', StringComparison.Ordinal));
            if (hosts.FirstOrDefault(h => HostNameSyntax.IsHostName(h) && !carriesKeyword(h)) is { } host)
            {
                return host;
            }
        }

        return null;
    }

    /// <summary>A neutral host carrying the first keyword that can be a host's label, on no listed domain: only the keyword test holds.</summary>
    private static (string? Keyword, string? Host) KeywordHost(List<string> keywords, Func<string, bool> onListedDomain)
    {
        foreach (var keyword in keywords.Take(MaxCandidates).Where(k => HostNameSyntax.IsLabel(k + KeywordHostSuffix)))
        {
            if (NeutralDomains.Select(d => $"{keyword}{KeywordHostSuffix}.{d}").FirstOrDefault(h => HostNameSyntax.IsHostName(h) && !onListedDomain(h)) is { } host)
            {
                return (keyword, host);
            }
        }

        return (null, null);
    }

    /// <summary>The keyword as a label on a listed domain, the one chosen alone first, so the two variants differ only by the keyword.</summary>
    private static string? HostOnBoth(string? keyword, string? listedHost, List<string> domains)
    {
        if (keyword is null)
        {
            return null;
        }

        var preferred = listedHost is null ? [] : domains.Where(d => listedHost == d || listedHost.EndsWith("." + d, StringComparison.Ordinal)).Take(1);
        return preferred.Concat(domains.Where(d => d.Contains('.', StringComparison.Ordinal)).Take(MaxCandidates))
            .Select(d => $"{keyword}.{d}").FirstOrDefault(HostNameSyntax.IsHostName);
    }

    /// <summary>
    /// The variables whose host the code checks against a domain or keyword list (<c>env.read:NAME</c> beside the
    /// list in one comparison); every LLM base-URL variable when the scan names none.
    /// </summary>
    private static List<string> HostCheckedVariables(List<BehaviourStep> comparisons)
    {
        var names = comparisons
            .Where(c => c.Children.Any(s => s.Kind == BehaviourStepKind.List && (IsListOf(s.Capability, "domains") || IsListOf(s.Capability, "keywords"))))
            .SelectMany(c => c.Children)
            .Where(s => s.Kind == BehaviourStepKind.Source)
            .Select(s => EnvironmentVariableOf(s.Capability))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(MaxVariableNames)
            .ToList();
        return names.Count > 0 ? names : [.. ProbeMatrix.BaseUrlVariables];
    }

    private static string? EnvironmentVariableOf(string? capability)
    {
        const string prefix = "env.read:";
        if (capability is null || !capability.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = capability[prefix.Length..];
        return name.Length is > 0 and <= MaxValueLength && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : null;
    }

    /// <summary>A URL for a base-URL variable (OpenAI's with its <c>/v1</c>), the bare host for one named as a host.</summary>
    internal static string BaseUrlValue(string variable, string host) =>
        variable.EndsWith("HOST", StringComparison.OrdinalIgnoreCase) || variable.EndsWith("HOSTNAME", StringComparison.OrdinalIgnoreCase) ? host
        : BaseUrlConvention.For(variable, host);

    /// <summary>IANA names compared with (or listed beside a comparison), and <c>getTimezoneOffset()</c> constants as <c>Etc/GMT±H</c>.</summary>
    private static List<string> TimeZones(List<BehaviourStep> comparisons)
    {
        var named = comparisons
            .SelectMany(c => c.Values.Concat(c.Children.Where(s => s.Kind == BehaviourStepKind.List && IsListOf(s.Capability, "time-zones")).SelectMany(s => s.Values)))
            .Select(v => v.Trim())
            .Where(v => v.Length <= MaxValueLength && ValueClassifier.ClassifyItem(v) == ValueKind.TimeZone && !UniversalTimeZones.Contains(v));
        var fromOffsets = comparisons
            .Where(c => c.Children.Any(s => s.Kind == BehaviourStepKind.Source && s.Capability == "host.timezone"))
            .SelectMany(c => c.Values)
            .Select(OffsetZone)
            .OfType<string>();
        return [.. named.Concat(fromOffsets).Distinct(StringComparer.Ordinal).Take(MaxTimeZones)];
    }

    /// <summary><c>getTimezoneOffset()</c> minutes (positive west of UTC) as the POSIX-signed <c>Etc/GMT+5</c> (UTC−5), whole hours only.</summary>
    private static string? OffsetZone(string value)
    {
        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes) || minutes == 0 || minutes % 60 != 0 || minutes is < -14 * 60 or > 12 * 60)
        {
            return null;
        }

        var hours = minutes / 60;
        return hours > 0 ? $"Etc/GMT+{hours}" : $"Etc/GMT{hours}";
    }

    /// <summary>BCP 47 tags the code compares the locale with (<c>zh-CN</c>, <c>zh-Hans-CN</c>, <c>ja</c>) as POSIX locales (<c>zh_CN.UTF-8</c>).</summary>
    private static List<string> Locales(List<BehaviourStep> comparisons) => [.. comparisons
        .Where(c => c.Children.Any(s => s.Kind == BehaviourStepKind.Source && s.Capability == "host.locale"))
        .SelectMany(c => c.Values)
        .Select(PosixLocale)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .Take(MaxLocales)];

    private static string? PosixLocale(string tag)
    {
        var parts = tag.Trim().Split('-', '_');
        if (parts.Length > 3 || parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        var region = parts.Skip(1).FirstOrDefault(p => (p.Length == 2 && p.All(char.IsAsciiLetter)) || (p.Length == 3 && p.All(char.IsAsciiDigit)));
        if (parts.Skip(1).Any(p => p != region && !(p.Length == 4 && p.All(char.IsAsciiLetter))))
        {
            return null;
        }

        var language = parts[0].ToLowerInvariant();
        return region is null ? $"{language}.UTF-8" : $"{language}_{region.ToUpperInvariant()}.UTF-8";
    }

    /// <summary>
    /// The proxy variables the code reads or names, set to a proxy that no request uses (<c>NO_PROXY=*</c> always):
    /// what changes is the tool noticing a proxy, not the route.
    /// </summary>
    private static ProbeVariant? ProxyVariant(ScanReport report, List<BehaviourStep> steps)
    {
        var names = steps.Select(s => s.Capability).OfType<string>()
            .Concat(report.Findings.SelectMany(f => f.Capabilities))
            .Select(c => c.StartsWith("env.read:", StringComparison.Ordinal) ? c["env.read:".Length..] : c.StartsWith("fingerprint:", StringComparison.Ordinal) ? c["fingerprint:".Length..] : null)
            .OfType<string>()
            .Where(n => ProxyVariables.Contains(n.ToUpperInvariant()) && (!n.Any(char.IsAsciiLetterLower) || !n.Any(char.IsAsciiLetterUpper)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var environment = names.ToDictionary(n => n, n => (string?)(n.Equals("NO_PROXY", StringComparison.OrdinalIgnoreCase) ? "*" : "http://proxy.example.com:3128"), StringComparer.Ordinal);
        environment["NO_PROXY"] = "*";
        return new ProbeVariant("proxy variables the code reads", environment);
    }
}
