namespace Telltale.Probing;

/// <summary>
/// Compares the requests a tool made under different environment variants and reports the exact characters
/// that the environment changes, tied to the factors that change them.
/// <para>
/// Every request is matched across runs (<see cref="RequestKey"/>) and cut into fields (headers, query
/// parameters, JSON leaves, array elements), its JSON arrays paired with those of the reference request. A field
/// whose value differs between repeats of one variant is noise. A field that is stable within every variant but
/// differs across them is diffed code point by code point against the reference variant; each change is grouped
/// with the same change in other variants, changes in one field that appear in the same variants form one
/// difference, and that set of variants is explained by factors. High-entropy tokens that only change along with
/// something else in the request are set aside as derived (<see cref="DerivedTokens"/>).
/// </para>
/// </summary>
public static class ProbeComparison
{
    private const int ExcerptContext = CodePointDiff.ContextLength;
    private const int ExcerptLimit = 200 + (2 * CodePointDiff.ContextLength);
    private const string Absent = "(absent)";

    /// <param name="runs">Every run, each variant at least twice.</param>
    /// <param name="baselineVariant">
    /// The variant others are compared against; by default the one variant that sets no factors.
    /// </param>
    public static ProbeComparisonResult Compare(IReadOnlyList<ProbeRun> runs, string? baselineVariant = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var variants = GroupVariants(runs, baselineVariant);
        var baseline = variants[0].Name;
        var environments = variants.ToDictionary(v => v.Name, v => v.Environment, StringComparer.Ordinal);

        var varied = new List<VariedField>();
        var noise = new List<NoiseField>();
        var compared = 0;
        foreach (var request in variants.SelectMany(v => v.Runs).SelectMany(run => run.Keys).Distinct())
        {
            var observations = Observe(request, variants);
            var missing = observations[0].Values.Where(values => values.Value.Any(value => value is null)).Select(values => values.Key).ToArray();
            if (request.Occurrence > 0 && missing.Length > 0)
            {
                // How many times a tool calls one endpoint follows timing (retries, polls, a race) as often as the
                // environment, and two repeats cannot tell which; nor can a call that some runs lack be told apart from
                // another call taking its number. Whether the endpoint is called at all, and what every call made in
                // every run says, are compared; the rest is noise.
                compared++;
                noise.Add(new NoiseField(request, FieldPath.Presence, missing));
                continue;
            }

            foreach (var observation in observations)
            {
                compared++;
                var unstable = observation.Values
                    .Where(values => values.Value.Distinct(StringComparer.Ordinal).Skip(1).Any() || observation.Unconfirmed.Contains(values.Key))
                    .Select(values => values.Key)
                    .ToArray();
                if (unstable.Length > 0)
                {
                    noise.Add(new NoiseField(request, observation.Field, unstable));
                }
                else if (observation.Values.Values.Select(values => values[0]).Distinct(StringComparer.Ordinal).Skip(1).Any())
                {
                    varied.Add(Diff(request, observation, baseline));
                }
            }
        }

        // "Coincides with another change in the same request": a change that is not itself a token.
        var anchored = varied
            .Where(field => field.Field.Location != FieldLocation.Request)
            .SelectMany(field => field.Changes
                .Where(changes => changes.Value.Any(change => !change.IsTokenChange))
                .Select(changes => (field.Request, Variant: changes.Key)))
            .ToHashSet();

        var differences = new List<ProbeDifference>();
        var derived = new List<ProbeDifference>();
        var capacity = new List<FieldCapacity>();
        var joint = variants.ToDictionary(v => v.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var field in varied)
        {
            var (found, signatures) = Classify(field, anchored, environments);
            foreach (var difference in found)
            {
                (difference.Kind == DifferenceKind.Derived ? derived : differences).Add(difference);
            }

            var distinct = field.Values.Keys.Select(v => signatures.GetValueOrDefault(v, "")).Distinct(StringComparer.Ordinal).Count();
            if (distinct > 1)
            {
                capacity.Add(new FieldCapacity(field.Request, field.Field, distinct));
            }

            foreach (var (variant, list) in joint)
            {
                list.Add(field.Values.ContainsKey(variant) ? signatures.GetValueOrDefault(variant, "") : "\u0002");
            }
        }

        // Fields driven by the same factor carry the same information, so the total is not their sum but what all
        // of them together tell apart: how many variants send distinguishable requests.
        var totalBits = Math.Log2(joint.Values.Select(list => string.Join("\u0003", list)).Distinct(StringComparer.Ordinal).Count());
        return new ProbeComparisonResult(
            baseline, [.. variants.Select(v => v.Name)], compared, differences, derived, noise, capacity, totalBits);
    }

    /// <summary>
    /// The differences of one field: each change grouped with the same change in other variants, then the changes
    /// that appear in the same variants merged into one difference. Also each variant's signature, the changes it
    /// shows other than derived tokens, from which capacity is counted.
    /// </summary>
    private static (List<ProbeDifference> Differences, Dictionary<string, string> Signatures) Classify(
        VariedField field,
        HashSet<(RequestKey Request, string Variant)> anchored,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> environments)
    {
        var groups = new OrderedDictionary<string, ChangeGroup>(StringComparer.Ordinal);
        var signatures = new Dictionary<string, string>(StringComparer.Ordinal) { [field.Reference] = "" };
        foreach (var (variant, changes) in field.Changes)
        {
            var isAnchored = anchored.Contains((field.Request, variant));
            var presence = field.IsPresenceOnly || field.Values[field.Reference] is null || field.Values[variant] is null;
            var signature = new List<string>();
            foreach (var change in changes)
            {
                var kind = change.IsTokenChange && isAnchored ? DifferenceKind.Derived : KindOf(change.Change, presence);

                // A derived token has a different value in every variant, so it is grouped by where it sits.
                var key = kind == DifferenceKind.Derived
                    ? $"derived\0{change.Change.OldOffset}\0{change.Change.OldText}"
                    : $"{presence}\0{change.Change.OldOffset}\0{change.Change.OldText}\0{change.Change.NewText}";
                if (!groups.TryGetValue(key, out var group))
                {
                    groups.Add(key, group = new ChangeGroup(kind, change.Change));
                }

                group.Variants.Add(variant);
                if (kind != DifferenceKind.Derived)
                {
                    signature.Add(key);
                }
            }

            signatures[variant] = string.Join("\u0001", signature);
        }

        var differences = groups.Values
            .GroupBy(g => (Derived: g.Kind == DifferenceKind.Derived, Variants: string.Join("\0", g.Variants)))
            .Select(merged => Difference(field, [.. merged], environments))
            .ToList();
        return (differences, signatures);
    }

    private static List<VariantRuns> GroupVariants(IReadOnlyList<ProbeRun> runs, string? baselineVariant)
    {
        var variants = runs
            .GroupBy(run => run.Variant, StringComparer.Ordinal)
            .Select(group =>
            {
                var ordered = group.OrderBy(run => run.Repeat).ToArray();
                if (ordered.Length < 2)
                {
                    throw new ArgumentException(
                        $"Variant '{group.Key}' has {ordered.Length} run; each needs at least two, or noise cannot be told from a channel.",
                        nameof(runs));
                }

                var environment = ordered[0].Environment;
                if (ordered.Any(run => !SameEnvironment(run.Environment, environment)))
                {
                    throw new ArgumentException($"The runs of variant '{group.Key}' set different environments.", nameof(runs));
                }

                return (Name: group.Key, Environment: environment, Runs: ordered);
            })
            .ToList();
        if (variants.Count == 0)
        {
            throw new ArgumentException("There are no runs to compare.", nameof(runs));
        }

        var baseline = baselineVariant is not null
            ? variants.Find(v => v.Name == baselineVariant) is { Name: not null } named
                ? named
                : throw new ArgumentException($"No runs of the baseline variant '{baselineVariant}'.", nameof(baselineVariant))
            : variants.Where(v => v.Environment.Count == 0).ToArray() is [var only]
                ? only
                : throw new ArgumentException(
                    "Name the baseline variant: it is found by default only when exactly one variant sets no factors.",
                    nameof(baselineVariant));
        variants.Remove(baseline);
        variants.Insert(0, baseline);

        var normalised = ClockDates.Normalise([.. variants.SelectMany(v => v.Runs)], baseline.Name);

        // The baseline's runs first: the first run to call an endpoint is what the others' requests are paired with.
        var ordered = variants.SelectMany(v => normalised.Where(run => run.Variant == v.Name)).ToArray();
        var aligned = RequestAlignment.Align(ordered);
        var byRun = ordered.Select((run, index) => (run, Requests: Keyed(aligned[index]))).ToArray();
        return [.. variants.Select(v => new VariantRuns(
            v.Name, v.Environment, byRun.Where(r => r.run.Variant == v.Name).Select(r => r.Requests).ToArray()))];
    }

    private static OrderedDictionary<RequestKey, AlignedRequest> Keyed(IReadOnlyList<AlignedRequest> aligned)
    {
        var requests = new OrderedDictionary<RequestKey, AlignedRequest>();
        foreach (var request in aligned)
        {
            requests.Add(request.Key, request);
        }

        return requests;
    }

    private static bool SameEnvironment(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count
        && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));

    /// <summary>
    /// The values of each field of <paramref name="request"/>, per variant and per repeat, beginning with the
    /// request's own presence. A variant that never made the request takes no part in its fields, nor does a run
    /// in the fields of an array element it lacks (the element's own field reports that); any other missing field
    /// is null. A variant that observed a field in a single run of several is marked unconfirmed.
    /// </summary>
    private static List<Observation> Observe(RequestKey request, List<VariantRuns> variants)
    {
        var observations = new List<Observation>
        {
            new(
                FieldPath.Presence,
                Ordered(variants.Select(v => (v.Name, v.Runs.Select(run => run.ContainsKey(request) ? RequestFields.Present : null).ToArray()))),
                Shown: null,
                Unconfirmed: new HashSet<string>()),
        };

        // The first run that made the request, the baseline's if it did, is what every run's arrays are paired with.
        var reference = variants.SelectMany(v => v.Runs).Select(run => run.GetValueOrDefault(request)).OfType<AlignedRequest>().First();
        using var referenceBody = BodyFields.Parse(reference.Request);
        var made = variants
            .Select(v => (v.Name, v.Runs.Count, Requests: v.Runs
                .Select(run => run.GetValueOrDefault(request))
                .OfType<AlignedRequest>()
                .Select(r => RequestFields.Create(r.Request, referenceBody?.RootElement))
                .ToArray()))
            .Where(v => v.Requests.Length > 0)
            .ToArray();

        foreach (var field in made.SelectMany(v => v.Requests).SelectMany(r => r.Values.Keys).Distinct())
        {
            var element = made.SelectMany(v => v.Requests).Select(r => r.ElementOf(field)).FirstOrDefault(e => e is not null);
            var values = new OrderedDictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
            var shown = new Dictionary<string, string?>(StringComparer.Ordinal);
            var unconfirmed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (variant, runCount, requests) in made)
            {
                var observed = requests
                    .Where(r => r.Values.ContainsKey(field) || element is null || r.Values.ContainsKey(element))
                    .ToArray();
                if (observed.Length > 0)
                {
                    values.Add(variant, observed.Select(r => r.Values.GetValueOrDefault(field)).ToArray());
                    shown[variant] = observed[0].Show(field);

                    // Seen in one run while others lacked its request or element: no repeat vouches for the value.
                    if (observed.Length < 2 && runCount > 1)
                    {
                        unconfirmed.Add(variant);
                    }
                }
            }

            if (values.Count > 0)
            {
                observations.Add(new Observation(field, values, shown, unconfirmed));
            }
        }

        return observations;
    }

    private static OrderedDictionary<string, IReadOnlyList<string?>> Ordered(IEnumerable<(string Variant, string?[] Values)> values)
    {
        var ordered = new OrderedDictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var (variant, runValues) in values)
        {
            ordered.Add(variant, runValues);
        }

        return ordered;
    }

    private static VariedField Diff(RequestKey request, Observation observation, string baseline)
    {
        var stable = new OrderedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (variant, values) in observation.Values)
        {
            stable.Add(variant, values[0]);
        }

        var presenceOnly = observation.Field.Location is FieldLocation.Request or FieldLocation.Element;
        var reference = stable.ContainsKey(baseline) ? baseline : stable.Keys.First();
        var referenceValue = stable[reference];
        var changes = new OrderedDictionary<string, IReadOnlyList<TokenChange>>(StringComparer.Ordinal);
        foreach (var (variant, value) in stable)
        {
            if (string.Equals(value, referenceValue, StringComparison.Ordinal))
            {
                continue;
            }

            if (presenceOnly || value is null || referenceValue is null)
            {
                // Appearing or vanishing is one change, whatever the value; a code-point diff against nothing says no more.
                var a = CodePointDiff.Split(referenceValue ?? "");
                var b = CodePointDiff.Split(value ?? "");
                changes[variant] = [new TokenChange(CodePointDiff.Change(a, b, 0, a.Length, 0, b.Length), IsTokenChange: false)];
            }
            else
            {
                changes[variant] = DerivedTokens.Widen(referenceValue, value, CodePointDiff.Compare(referenceValue, value));
            }
        }

        return new VariedField(request, observation.Field, presenceOnly, reference, stable, observation.Shown, changes);
    }

    private static DifferenceKind KindOf(CodePointChange change, bool presence) =>
        change.IsInvisible ? DifferenceKind.Invisible
        : change.IsLookAlike ? DifferenceKind.LookAlike
        : presence ? DifferenceKind.Presence
        : DifferenceKind.Text;

    /// <summary>The most telling kind among changes that appear together: what hides best comes first.</summary>
    private static DifferenceKind KindOf(IEnumerable<DifferenceKind> kinds)
    {
        var all = kinds.ToHashSet();
        DifferenceKind[] precedence = [DifferenceKind.Invisible, DifferenceKind.LookAlike, DifferenceKind.Presence, DifferenceKind.Derived];
        return precedence.FirstOrDefault(all.Contains, DifferenceKind.Text);
    }

    private static ProbeDifference Difference(
        VariedField field,
        IReadOnlyList<ChangeGroup> groups,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> environments)
    {
        var variants = groups[0].Variants;
        var attribution = FactorAttributor.Explain(variants, [.. field.Values.Keys], environments);
        if (field.IsPresenceOnly)
        {
            // Whether a request or element is there has no characters to point at; the excerpt shows what it is.
            return new ProbeDifference(
                field.Request,
                field.Field,
                DifferenceKind.Presence,
                field.Reference,
                Whole(field.Values[field.Reference] is null ? null : field.Shown?.GetValueOrDefault(field.Reference) ?? RequestFields.Present),
                Whole(field.Values[variants[0]] is null ? null : field.Shown?.GetValueOrDefault(variants[0]) ?? RequestFields.Present),
                [],
                variants,
                attribution);
        }

        var changes = groups.Select(g => g.Change).OrderBy(c => c.OldOffset).ToArray();
        return new ProbeDifference(
            field.Request,
            field.Field,
            KindOf(groups.Select(g => g.Kind)),
            field.Reference,
            Excerpt(field.Values[field.Reference], changes.Min(c => c.OldOffset), changes.Max(c => c.OldOffset + CodePointDiff.Split(c.OldText).Length)),
            Excerpt(field.Values[variants[0]], changes.Min(c => c.NewOffset), changes.Max(c => c.NewOffset + CodePointDiff.Split(c.NewText).Length)),
            changes,
            variants,
            attribution);
    }

    /// <summary>The value around code points [start, end), invisible characters shown, long middles shortened.</summary>
    private static string Excerpt(string? value, int start, int end)
    {
        if (value is null)
        {
            return Absent;
        }

        var pieces = CodePointDiff.Split(value);
        var first = Math.Max(0, start - ExcerptContext);
        var last = Math.Min(pieces.Length, end + ExcerptContext);
        var window = string.Concat(pieces.AsSpan(first, last - first));
        if (last - first > ExcerptLimit)
        {
            return (first > 0 ? "…" : "") + CodePointDiff.Shorten(window, ExcerptLimit);
        }

        return (first > 0 ? "…" : "") + CodePointDiff.ShowInvisible(window) + (last < pieces.Length ? "…" : "");
    }

    private static string Whole(string? value) => value is null ? Absent : CodePointDiff.Shorten(value, ExcerptLimit);

    private sealed record VariantRuns(
        string Name,
        IReadOnlyDictionary<string, string> Environment,
        IReadOnlyList<OrderedDictionary<RequestKey, AlignedRequest>> Runs);

    private sealed record Observation(
        FieldPath Field,
        IReadOnlyDictionary<string, IReadOnlyList<string?>> Values,
        IReadOnlyDictionary<string, string?>? Shown,
        IReadOnlySet<string> Unconfirmed);

    private sealed record VariedField(
        RequestKey Request,
        FieldPath Field,
        bool IsPresenceOnly,
        string Reference,
        IReadOnlyDictionary<string, string?> Values,
        IReadOnlyDictionary<string, string?>? Shown,
        IReadOnlyDictionary<string, IReadOnlyList<TokenChange>> Changes);

    private sealed record ChangeGroup(DifferenceKind Kind, CodePointChange Change)
    {
        public List<string> Variants { get; } = [];
    }
}
