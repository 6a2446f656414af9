using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Probing.Matrix;
using Telltale.Scanning;

namespace Telltale.Tests.Probing.Matrix;

/// <summary>
/// The matrix the real Claude Code 2.1.91 calls for. Its base URL's host is tested against a hidden list of domains
/// and a hidden list of lab keywords, and each combination marks the prompt differently (U+2019 listed only, U+02BC
/// keyword, U+02B9 both): the matrix must hold one host for each, or a channel stays unseen.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class ClaudeCodeScanMatrixTests
{
    [Fact]
    public async Task Holds_a_listed_domain_without_keyword_a_keyword_host_and_a_host_on_both()
    {
        var report = await new Scanner(new ScanOptions(), new TargetResolver()).ScanAsync("npm:@anthropic-ai/claude-code@2.1.91");
        var domains = ListOf(report, "list.hidden:domains");
        var keywords = ListOf(report, "list.hidden:keywords");
        Assert.NotEmpty(domains);
        Assert.NotEmpty(keywords);

        var matrix = ProbeMatrix.FromScan(report);

        (bool Listed, bool Keyword) Kind(ProbeVariant variant)
        {
            var host = new Uri(variant.Environment["ANTHROPIC_BASE_URL"]!).IdnHost;
            return (domains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal)), keywords.Any(k => host.Contains(k, StringComparison.Ordinal)));
        }

        var listedOnly = Assert.Single(matrix.Variants, v => v.Name.StartsWith("listed domain ", StringComparison.Ordinal) && v.Name.EndsWith("(no keyword)", StringComparison.Ordinal));
        var keywordOnly = Assert.Single(matrix.Variants, v => v.Name.StartsWith("keyword host ", StringComparison.Ordinal));
        var both = Assert.Single(matrix.Variants, v => v.Name.StartsWith("listed domain + keyword ", StringComparison.Ordinal));
        Assert.Equal((true, false), Kind(listedOnly));
        Assert.Equal((false, true), Kind(keywordOnly));
        Assert.Equal((true, true), Kind(both));

        // Only the variable whose host the code checks.
        Assert.All([listedOnly, keywordOnly, both], v => Assert.Equal(["ANTHROPIC_BASE_URL"], v.Environment.Keys));
        foreach (var zone in new[] { "Asia/Shanghai", "Asia/Urumqi" })
        {
            Assert.Contains(matrix.Variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == zone);
            Assert.Contains(matrix.Variants, v => v.Environment.Count == 2 && v.Environment.GetValueOrDefault("TZ") == zone && v.Environment.ContainsKey("ANTHROPIC_BASE_URL"));
        }

        Assert.Equal(report.Target.Sha256, matrix.Source.Sha256);
        Assert.InRange(matrix.Variants.Count, 1, ProbeMatrix.MaxVariantsFromScan);
    }

    private static List<string> ListOf(ScanReport report, string capability) => [.. report.Findings
        .Where(f => f.Behaviour is not null)
        .SelectMany(f => f.Behaviour!.Steps())
        .Where(s => s.Kind == BehaviourStepKind.List && s.Capability == capability)
        .SelectMany(s => s.Values)
        .Select(v => v.ToLowerInvariant())];
}
