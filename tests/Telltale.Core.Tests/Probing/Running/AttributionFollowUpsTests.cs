using Telltale.Probing;
using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing.Running;

public sealed class AttributionFollowUpsTests
{
    private const string Anthropic = "ANTHROPIC_BASE_URL";
    private const string OpenAi = "OPENAI_BASE_URL";
    private const string Listed = "api.listed.example";
    private const string Plain = "llm.example.com";

    private static readonly ProbeMatrix BothTogether = new(
    [
        new ProbeVariant("baseline", new Dictionary<string, string?>()),
        new ProbeVariant("tz", new Dictionary<string, string?> { ["TZ"] = "Asia/Shanghai" }),
        new ProbeVariant("plain host", BaseUrls(Plain)),
        new ProbeVariant("plain host + tz", new Dictionary<string, string?>(BaseUrls(Plain)) { ["TZ"] = "Asia/Shanghai" }),
        new ProbeVariant("listed domain", BaseUrls(Listed)),
    ]);

    private static Dictionary<string, string?> BaseUrls(string host) => new()
    {
        [Anthropic] = BaseUrlConvention.For(Anthropic, host),
        [OpenAi] = BaseUrlConvention.For(OpenAi, host),
    };

    /// <summary>
    /// A tool like the seeds' agent: it reads only ANTHROPIC_BASE_URL; a listed host gets a curly apostrophe, and any base
    /// URL together with the time zone gets slashes in the date.
    /// </summary>
    private static IReadOnlyList<CapturedRequest> Tool(IReadOnlyDictionary<string, string?> environment)
    {
        var baseUrl = environment.GetValueOrDefault(Anthropic);
        var apostrophe = baseUrl is not null && baseUrl.Contains(Listed, StringComparison.Ordinal) ? "\u2019" : "'";
        var separator = baseUrl is not null && environment.ContainsKey("TZ") ? "/" : "-";
        var host = baseUrl is null ? "api.anthropic.com" : new Uri(baseUrl).Host;
        return [Request(0, MessagesBody([$"Today{apostrophe}s date is 2026{separator}12{separator}06."], "say hi"), host: host)];
    }

    private static IEnumerable<ProbeRun> Run(IEnumerable<ProbeVariant> variants) =>
        variants.SelectMany(variant => Repeats(
            variant.Name,
            variant.Environment.ToDictionary(pair => pair.Key, pair => pair.Value ?? "(unset)", StringComparer.Ordinal),
            _ => Tool(variant.Environment)));

    [Fact]
    public void Separates_base_url_variables_set_together_and_the_second_comparison_names_the_one_the_tool_reads()
    {
        var first = ProbeComparison.Compare([.. Run(BothTogether.Variants)]);
        var apostrophe = Assert.Single(first.Differences, d => d.Kind == DifferenceKind.LookAlike);
        Assert.Equal(2, apostrophe.Attribution.Alternatives.Count);

        var followUps = AttributionFollowUps.For(first.Differences, BothTogether, out var cut);

        Assert.False(cut);
        Assert.Contains(followUps, v => v.Environment.Keys.Order().SequenceEqual([Anthropic]) && v.Environment[Anthropic]!.Contains(Listed, StringComparison.Ordinal));
        Assert.Contains(followUps, v => v.Environment.Keys.Order().SequenceEqual([OpenAi]) && v.Environment[OpenAi]!.Contains(Listed, StringComparison.Ordinal));
        // The date's explanations share the time zone: it stays set while the base URLs are tried one at a time.
        Assert.Contains(followUps, v => v.Environment.Keys.Order().SequenceEqual([Anthropic, "TZ"]));
        Assert.Contains(followUps, v => v.Environment.Keys.Order().SequenceEqual([OpenAi, "TZ"]));

        var second = ProbeComparison.Compare([.. Run([.. BothTogether.Variants, .. followUps])]);

        var isolated = Assert.Single(second.Differences, d => d.Kind == DifferenceKind.LookAlike);
        Assert.Equal($"{Anthropic}=https://{Listed}", isolated.Attribution.ToString());
        var date = Assert.Single(second.Differences, d => d.Kind == DifferenceKind.Text);
        Assert.Equal($"{Anthropic}=https://{Plain} ∧ TZ=Asia/Shanghai", date.Attribution.ToString());
        Assert.All(second.Differences, d => Assert.Single(d.Attribution.Alternatives));
    }

    [Fact]
    public void Adds_nothing_for_differences_with_one_explanation()
    {
        var matrix = new ProbeMatrix(
        [
            new ProbeVariant("baseline", new Dictionary<string, string?>()),
            new ProbeVariant("listed domain", new Dictionary<string, string?> { [Anthropic] = $"https://{Listed}" }),
        ]);
        var comparison = ProbeComparison.Compare([.. Run(matrix.Variants)]);
        Assert.Single(comparison.Differences);

        Assert.Empty(AttributionFollowUps.For(comparison.Differences, matrix, out var cut));
        Assert.False(cut);
    }

    [Fact]
    public void Follows_up_channels_only()
    {
        // A header that follows the base URL is a visible change: however it is explained, it costs no runs.
        var matrix = new ProbeMatrix(
        [
            new ProbeVariant("baseline", new Dictionary<string, string?>()),
            new ProbeVariant("plain host", BaseUrls(Plain)),
        ]);
        IReadOnlyList<ProbeRun> runs =
        [
            .. Repeats("baseline", Environment(), _ => [Request(0, "{}", headers: ("x-gateway", "none"))]),
            .. Repeats("plain host", BaseUrls(Plain).ToDictionary(p => p.Key, p => p.Value!), _ => [Request(0, "{}", host: Plain, headers: ("x-gateway", "custom endpoint in use"))]),
        ];
        var comparison = ProbeComparison.Compare(runs);
        var visible = Assert.Single(comparison.Differences);
        Assert.False(ChannelClassifier.IsChannel(visible));
        Assert.Equal(2, visible.Attribution.Alternatives.Count);

        Assert.Empty(AttributionFollowUps.For(comparison.Differences, matrix, out _));
    }

    [Fact]
    public void Never_repeats_an_environment_the_matrix_already_has()
    {
        var matrix = BothTogether with
        {
            Variants = [.. BothTogether.Variants, new ProbeVariant("anthropic only", new Dictionary<string, string?> { [Anthropic] = $"https://{Listed}" })],
        };
        var comparison = ProbeComparison.Compare([.. Run(matrix.Variants)]);

        var followUps = AttributionFollowUps.For(comparison.Differences, matrix, out _);

        Assert.DoesNotContain(followUps, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault(Anthropic) == $"https://{Listed}");
        Assert.Equal(followUps.Count, followUps.Select(v => string.Join(",", v.Environment.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))).Distinct().Count());
    }

    [Fact]
    public void Stops_at_its_bound_and_says_so()
    {
        var hosts = Enumerable.Range(0, AttributionFollowUps.MaxVariants).Select(i => $"x{i}.{Listed}").ToArray();
        var matrix = new ProbeMatrix([new ProbeVariant("baseline", new Dictionary<string, string?>()), .. hosts.Select(h => new ProbeVariant(h, BaseUrls(h)))]);
        var comparison = ProbeComparison.Compare([.. Run(matrix.Variants)]);

        var followUps = AttributionFollowUps.For(comparison.Differences, matrix, out var cut);

        Assert.True(cut);
        Assert.Equal(AttributionFollowUps.MaxVariants, followUps.Count);
    }
}
