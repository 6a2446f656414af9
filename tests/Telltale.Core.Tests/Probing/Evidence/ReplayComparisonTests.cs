using Telltale.Probing;
using Telltale.Probing.Evidence;

namespace Telltale.Tests.Probing.EvidenceBundles;

public sealed class ReplayComparisonTests
{
    private static IReadOnlyList<ChannelSignature> Recorded() => ChannelSignatures.Of(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));

    /// <summary>The simulated agent, except that a foreign base URL gets <paramref name="apostrophe"/> and the date keeps its dashes.</summary>
    private static IReadOnlyList<ChannelSignature> AgentMarkingWith(string apostrophe)
    {
        IEnumerable<ProbeRun> Runs(string variant, IReadOnlyDictionary<string, string> environment) =>
            ProbeRuns.Repeats(variant, environment, repeat =>
            {
                var prompt = SimulatedAgent.Prompt(environment.ContainsKey(SimulatedAgent.BaseUrl) ? apostrophe : "'", "-");
                var body = ProbeRuns.MessagesBody([prompt], SimulatedAgent.User, $"session-{variant}-{repeat}");
                return [ProbeRuns.Request(0, body)];
            });

        return ChannelSignatures.Of(EvidenceFixtures.Report(
        [
            .. Runs("baseline", SimulatedAgent.NoFactors),
            .. Runs("shanghai", ProbeRuns.Environment((SimulatedAgent.Tz, SimulatedAgent.Shanghai))),
            .. Runs("deepseek", ProbeRuns.Environment((SimulatedAgent.BaseUrl, SimulatedAgent.DeepSeek))),
            .. Runs("deepseek-shanghai", ProbeRuns.Environment((SimulatedAgent.BaseUrl, SimulatedAgent.DeepSeek), (SimulatedAgent.Tz, SimulatedAgent.Shanghai))),
        ]));
    }

    [Fact]
    public void Confirms_every_channel_found_again()
    {
        var recorded = Recorded();

        var verdict = ReplayComparison.Compare(recorded, Recorded());

        Assert.Equal(2, recorded.Count);
        Assert.All(verdict.Recorded, c => Assert.True(c.Confirmed));
        Assert.Empty(verdict.New);
        Assert.True(verdict.Reproduced);
    }

    [Fact]
    public void A_channel_with_other_code_points_is_not_reproduced_and_the_one_found_is_new()
    {
        var recorded = Recorded();

        var verdict = ReplayComparison.Compare(recorded, AgentMarkingWith("\u02BC"));

        Assert.All(verdict.Recorded, c => Assert.False(c.Confirmed));
        var found = Assert.Single(verdict.New);
        Assert.Equal(["U+0027 APOSTROPHE → U+02BC MODIFIER LETTER APOSTROPHE"], found.Changes);
        Assert.False(verdict.Reproduced);
    }

    [Fact]
    public void A_channel_found_in_fewer_variants_or_explained_otherwise_is_not_the_recorded_one()
    {
        var channel = Recorded().First(c => c.Kind == "lookalike");
        var fewer = channel with { Variants = channel.Variants.Take(1).ToList() };
        var otherFactor = channel with { Attribution = "TZ=Asia/Shanghai" };
        var otherField = channel with { Field = "system[0].text" };
        var sameInOtherOrder = channel with { Variants = [.. channel.Variants.Reverse()], Excerpt = "another excerpt" };

        Assert.False(ReplayComparison.Compare([channel], [fewer]).Reproduced);
        Assert.False(ReplayComparison.Compare([channel], [otherFactor]).Reproduced);
        Assert.False(ReplayComparison.Compare([channel], [otherField]).Reproduced);
        Assert.True(ReplayComparison.Compare([channel], [sameInOtherOrder]).Reproduced);
    }

    [Fact]
    public void Each_found_channel_confirms_one_recorded_channel_only()
    {
        var channel = Recorded().First(c => c.Kind == "lookalike");

        var verdict = ReplayComparison.Compare([channel, channel], [channel]);

        Assert.Equal([true, false], verdict.Recorded.Select(c => c.Confirmed));
        Assert.Empty(verdict.New);
    }

    [Fact]
    public void Nothing_recorded_and_nothing_found_is_reproduced_and_anything_found_is_new()
    {
        Assert.True(ReplayComparison.Compare([], []).Reproduced);
        Assert.False(ReplayComparison.Compare([], Recorded()).Reproduced);
    }
}
