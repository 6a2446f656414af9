using Telltale.Gateway;
using Telltale.Probing.Running;

namespace Telltale.Probing.Reports;

/// <summary>
/// The same matrix probed twice: <see cref="Direct"/>, the tool talking to the capture endpoint, and <see cref="Through"/>,
/// the tool talking to the front door (the gateway) which forwards to the capture endpoint. A channel of the direct probe
/// that the second one no longer shows was closed by the front door; its decisions say which characters it took out and
/// in which variants. The writers render this and compute nothing beyond these properties.
/// </summary>
public sealed record FrontDoorProbeReport
{
    public required string FrontDoor { get; init; }
    public required ProbeReport Direct { get; init; }
    public required ProbeReport Through { get; init; }

    /// <summary>Each channel of the direct probe and whether it still reaches the upstream (the same request, field, kind and a shared variant).</summary>
    public IReadOnlyList<FrontDoorChannel> Channels =>
        [.. Direct.Channels.Select(channel => new FrontDoorChannel(channel, Through.Channels.Any(other => SameChannel(channel, other))))];

    /// <summary>Channels at the upstream through the front door that the direct probe did not show.</summary>
    public IReadOnlyList<ProbeDifference> NewChannels =>
        [.. Through.Channels.Where(other => !Direct.Channels.Any(channel => SameChannel(channel, other)))];

    /// <summary>The character changes the front door made, by code points, with the variants they were made in.</summary>
    public IReadOnlyList<FrontDoorCharacterChange> CharacterChanges =>
        [.. Through.Runs
            .SelectMany(run => run.FrontDoorDecisions.SelectMany(d => d.Changes).Select(change => (run.Run.Variant, change.Change)))
            .GroupBy(c => (c.Change.Before, c.Change.After, Reason: c.Change.Reason.ToString()))
            .OrderBy(g => g.Key.Before, StringComparer.Ordinal).ThenBy(g => g.Key.After, StringComparer.Ordinal)
            .Select(g => new FrontDoorCharacterChange(g.Key.Before, g.Key.After, g.Key.Reason,
                [.. g.GroupBy(c => c.Variant).Select(v => (v.Key, v.Count())).OrderBy(v => VariantIndex(v.Key))]))];

    /// <summary>The date forms the front door saw in each variant's prompts (in matrix order): a form in some variants only is the separator channel, reported, not rewritten.</summary>
    public IReadOnlyList<(string Variant, IReadOnlyList<string> Forms)> DateForms =>
        [.. Through.Matrix.Variants.Select(v => (v.Name, (IReadOnlyList<string>)[.. Through.Runs
            .Where(r => r.Run.Variant == v.Name)
            .SelectMany(r => r.FrontDoorDecisions.SelectMany(d => d.DateForms))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]))];

    /// <summary>The front door's per-client variation reports, with the variant whose run showed each.</summary>
    public IReadOnlyList<(string Variant, DateFormVariation Variation)> Variations =>
        [.. Through.Runs.SelectMany(r => r.FrontDoorDecisions.Where(d => d.Variation is not null).Select(d => (r.Run.Variant, d.Variation!)))];

    /// <summary>What the front door answered itself (refused or blocked), by variant and status, with its first note.</summary>
    public IReadOnlyList<(string Variant, FrontDoorDecision Decision)> Answered =>
        [.. Through.Runs.SelectMany(r => r.FrontDoorDecisions.Where(d => d.Action is "refused" or "blocked").Select(d => (r.Run.Variant, d)))];

    /// <summary>Runs whose front-door record is incomplete: their character changes and date forms may be missing from the tables above.</summary>
    public IReadOnlyList<ProbeRunOutcome> IncompleteRuns => [.. Through.Runs.Where(r => !r.FrontDoorComplete)];

    /// <summary>True when some channel still reaches the upstream through the front door: the probe's exit code follows this.</summary>
    public bool HasChannelsAtUpstream => Through.HasEnvironmentDependentDifferences;

    private int VariantIndex(string name) => Through.Matrix.Variants.ToList().FindIndex(v => v.Name == name);

    private static bool SameChannel(ProbeDifference a, ProbeDifference b) =>
        a.Request == b.Request && a.Field == b.Field && a.Kind == b.Kind && a.Variants.Intersect(b.Variants, StringComparer.Ordinal).Any();
}
