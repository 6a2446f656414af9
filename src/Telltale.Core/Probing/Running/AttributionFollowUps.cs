using Telltale.Probing.Matrix;

namespace Telltale.Probing.Running;

/// <summary>
/// The variants that tell apart factors a matrix only ever set together. When a difference is explained equally by
/// <c>ANTHROPIC_BASE_URL</c> and by <c>OPENAI_BASE_URL</c> because every variant set both, the report cannot say which
/// one the tool reads; running each variant that shows it again with one of those factors at a time can. Factors every
/// explanation shares (the time zone of "base URL ∧ TZ") stay set in each follow-up.
/// <para>
/// Only channels get follow-ups: they are what a probe proves, and each follow-up costs a run per repeat, some of them
/// long (a proxy variable kept without the <c>NO_PROXY=*</c> set beside it sends the tool to a proxy that is not
/// there, retrying until the run's timeout). A visible change keeps its alternatives, reported as not isolated.
/// </para>
/// </summary>
public static class AttributionFollowUps
{
    /// <summary>At most this many follow-up variants per probe: each costs a run per repeat.</summary>
    public const int MaxVariants = 16;

    /// <summary>The follow-up variants for <paramref name="differences"/>, none with an environment the matrix already has.</summary>
    /// <param name="differences">What the first comparison found; only its channels are followed up.</param>
    /// <param name="matrix">The variants that ran.</param>
    /// <param name="cut">Set when more follow-ups were needed than <see cref="MaxVariants"/>.</param>
    public static IReadOnlyList<ProbeVariant> For(IReadOnlyList<ProbeDifference> differences, ProbeMatrix matrix, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(matrix);
        var variants = matrix.Variants.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var known = matrix.Variants.Select(v => Canonical(v.Environment)).ToHashSet(StringComparer.Ordinal);
        var followUps = new List<ProbeVariant>();
        cut = false;
        foreach (var difference in differences.Where(d => ChannelClassifier.IsChannel(d) && d.Attribution.Alternatives.Count > 1))
        {
            var factorSets = difference.Attribution.Alternatives
                .Select(alternative => alternative.Conditions.Select(c => c.Factor).ToHashSet(StringComparer.Ordinal))
                .ToArray();
            var shared = factorSets.Skip(1).Aggregate(new HashSet<string>(factorSets[0], StringComparer.Ordinal), (all, set) =>
            {
                all.IntersectWith(set);
                return all;
            });
            var together = factorSets.SelectMany(set => set).Where(f => !shared.Contains(f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            foreach (var name in difference.Variants)
            {
                if (!variants.TryGetValue(name, out var variant))
                {
                    continue;
                }

                foreach (var kept in together.Where(variant.Environment.ContainsKey))
                {
                    var environment = variant.Environment
                        .Where(pair => pair.Key == kept || !together.Contains(pair.Key, StringComparer.Ordinal))
                        .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
                    if (!known.Add(Canonical(environment)))
                    {
                        continue;
                    }

                    if (followUps.Count == MaxVariants)
                    {
                        cut = true;
                        return followUps;
                    }

                    followUps.Add(new ProbeVariant(UniqueName($"{variant.Name}, {kept} alone", variants), environment));
                    variants.Add(followUps[^1].Name, followUps[^1]);
                }
            }
        }

        return followUps;
    }

    private static string UniqueName(string name, Dictionary<string, ProbeVariant> taken)
    {
        var unique = name;
        for (var n = 2; taken.ContainsKey(unique); n++)
        {
            unique = $"{name} ({n})";
        }

        return unique;
    }

    private static string Canonical(IReadOnlyDictionary<string, string?> environment) =>
        string.Join("\0", environment.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}\u0001{pair.Value ?? "\u0002"}"));
}
