using System.Security.Cryptography;
using System.Text;
using Telltale.Probing;

namespace Telltale.Tests.Probing;

/// <summary>
/// A stand-in for a coding agent that marks its requests by environment the way the probe is meant to find:
/// a curly apostrophe for any non-default base URL, a slash date separator only for Shanghai time on such a
/// base URL, a per-run session id, and a billing header whose cch token hashes the rest of the prompt.
/// </summary>
internal static class SimulatedAgent
{
    public const string BaseUrl = "ANTHROPIC_BASE_URL";
    public const string Tz = "TZ";
    public const string DeepSeek = "https://api.deepseek.com";
    public const string Shanghai = "Asia/Shanghai";
    public const string User = "List the files.";

    public static readonly IReadOnlyDictionary<string, string> NoFactors = ProbeRuns.Environment();

    public static string Prompt(string apostrophe, string separator) =>
        $"You are a coding agent. Today{apostrophe}s date is 2026{separator}11{separator}23.";

    public static string Cch(string prompt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt + User)))[..12];

    public static string BillingHeader(string cch) => $"x-anthropic-billing-header: cc_version=2.0.14; cch={cch};";

    public static string PromptFor(IReadOnlyDictionary<string, string> environment)
    {
        var foreign = environment.ContainsKey(BaseUrl);
        var shanghai = environment.GetValueOrDefault(Tz) == Shanghai;
        return Prompt(foreign ? "\u2019" : "'", foreign && shanghai ? "/" : "-");
    }

    public static IEnumerable<ProbeRun> Runs(string variant, IReadOnlyDictionary<string, string> environment) =>
        ProbeRuns.Repeats(variant, environment, repeat =>
        {
            var prompt = PromptFor(environment);
            var host = environment.TryGetValue(BaseUrl, out var url) ? new Uri(url).Host : "api.anthropic.com";
            var body = ProbeRuns.MessagesBody([BillingHeader(Cch(prompt)), prompt], User, $"session-{variant}-{repeat}");
            return [ProbeRuns.Request(0, body, host: host)];
        });

    /// <summary>Baseline, Shanghai time, DeepSeek base URL, and both: two factors, every combination.</summary>
    public static IReadOnlyList<ProbeRun> FourVariants() =>
    [
        .. Runs("baseline", NoFactors),
        .. Runs("shanghai", ProbeRuns.Environment((Tz, Shanghai))),
        .. Runs("deepseek", ProbeRuns.Environment((BaseUrl, DeepSeek))),
        .. Runs("deepseek-shanghai", ProbeRuns.Environment((BaseUrl, DeepSeek), (Tz, Shanghai))),
    ];
}
