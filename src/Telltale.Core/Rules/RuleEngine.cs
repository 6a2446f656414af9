using System.Globalization;
using Telltale.Classification;
using Telltale.Findings;

namespace Telltale.Rules;

/// <summary>Turns observations into findings by the rules of a merged pack.</summary>
public sealed class RuleEngine
{
    private const int MaxEvidenceText = 240;
    private const int MaxDecodedText = 16 * 1024;

    private readonly IReadOnlyList<CompiledRule> _rules;

    public RuleEngine(RulePack pack)
    {
        Indicators = new IndicatorMatcher(pack.Indicators);
        foreach (var rule in pack.Rules)
        {
            foreach (var set in rule.When.Indicators.Concat(rule.RaiseWhen?.Indicators ?? []).Where(s => !Indicators.HasSet(s)))
            {
                throw new RulePackException($"rule {rule.Id} names unknown indicator set '{set}'");
            }
        }

        _rules = pack.Rules.Select(r => new CompiledRule(r)).ToArray();
    }

    public IndicatorMatcher Indicators { get; }

    /// <summary>True when some rule reads observations from <paramref name="source"/>; lets the scanner skip work nobody reads.</summary>
    public bool Reads(ObservationSource source) => _rules.Any(r => r.Sources.Contains(source));

    public IEnumerable<Finding> Evaluate(Observation observation)
    {
        foreach (var rule in _rules)
        {
            if (!rule.Sources.Contains(observation.Source) || !Holds(rule.Definition.When, observation, out var matched))
            {
                continue;
            }

            var severity = rule.Severity;
            if (rule.Definition.RaiseWhen is { } raise && Holds(raise, observation, out var raisedBy))
            {
                severity = severity.Raise();
                matched = matched.Union(raisedBy, StringComparer.OrdinalIgnoreCase).ToArray();
            }

            yield return Build(rule, observation, severity, matched);
        }
    }

    private bool Holds(RuleCondition condition, Observation observation, out IReadOnlyList<string> matched)
    {
        matched = [];
        var valueClass = observation.Class;
        if (condition.Obfuscated is { } obfuscated && (observation.Decoded?.IsObfuscated ?? false) != obfuscated)
        {
            return false;
        }

        if (condition.List is { } list && (valueClass?.IsList ?? false) != list)
        {
            return false;
        }

        if (condition.Kinds.Count > 0 && (valueClass is null || !condition.Kinds.Contains(KindKeyword(valueClass.Kind))))
        {
            return false;
        }

        if (condition.Refusals.Count > 0 && (observation.Refusal is not { } refusal || !condition.Refusals.Contains(refusal.ToString())))
        {
            return false;
        }

        if (condition.Indicators.Count == 0)
        {
            return true;
        }

        if (observation.Source == Rules.ObservationSource.XorSweep && observation.Term is { } term)
        {
            matched = condition.Indicators.Contains(Indicators.SetOf(term) ?? "") ? [term] : [];
        }
        else if (condition.Exact)
        {
            matched = Indicators.MatchExact(observation.Value, condition.Indicators).ToArray();
        }
        else
        {
            IEnumerable<string> values = valueClass is { IsList: true } ? valueClass.Items : [observation.Value];
            matched = Indicators.MatchWithin(values, condition.Indicators);
        }

        return matched.Count >= condition.MinMatches;
    }

    private static Finding Build(CompiledRule rule, Observation observation, Severity severity, IReadOnlyList<string> matched)
    {
        var kind = observation.Class?.KindName ?? "text";
        var term = matched.Count > 0 ? matched[0] : observation.Term ?? "";
        var count = observation.Scheme?.LiteralCount.ToString(CultureInfo.InvariantCulture) ?? "";
        string Fill(string template) => template.Replace("{kind}", kind, StringComparison.Ordinal)
            .Replace("{term}", term, StringComparison.Ordinal)
            .Replace("{count}", count, StringComparison.Ordinal);

        var capabilities = new List<string>();
        if (rule.Definition.Capability.Length > 0)
        {
            capabilities.Add(Fill(rule.Definition.Capability));
        }

        capabilities.AddRange(matched.Select(m => "indicator:" + m.ToLowerInvariant()));
        var decoded = observation.Decoded?.Value;
        return new Finding
        {
            RuleId = rule.Definition.Id,
            Title = Fill(rule.Definition.Title),
            Severity = severity,
            Confidence = Confidence(observation),
            Location = observation.Location,
            Evidence = new Evidence(Shorten(observation.Text, MaxEvidenceText), decoded is null ? null : Shorten(decoded, MaxDecodedText), observation.Decoded?.Chain),
            Description = rule.Definition.Description.Trim(),
            Capabilities = capabilities,
            Items = observation.Class is { IsList: true } c ? c.Items : [],
        };
    }

    private static double Confidence(Observation observation) => observation.Source switch
    {
        Rules.ObservationSource.Scheme or Rules.ObservationSource.SchemeSummary => Math.Round(observation.Scheme?.DecodedFraction ?? 0.9, 3),
        Rules.ObservationSource.Decoded => observation.Decoded is { } d ? Math.Round(Math.Clamp((d.Score + 7.5) / 3.5, 0.5, 1.0), 3) : 0.5,
        Rules.ObservationSource.XorSweep => 0.9,
        _ => 1.0,
    };

    private static string KindKeyword(ValueKind kind) => kind switch
    {
        ValueKind.Domain => "domain",
        ValueKind.Url => "url",
        ValueKind.TimeZone => "time-zone",
        ValueKind.EnvironmentVariable => "env-var",
        ValueKind.Keyword => "keyword",
        ValueKind.Code => "code",
        _ => "text",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private sealed class CompiledRule
    {
        public CompiledRule(Rule definition)
        {
            Definition = definition;
            Severity = SeverityNames.TryParse(definition.Severity, out var severity)
                ? severity
                : throw new RulePackException($"rule {definition.Id} has unknown severity '{definition.Severity}'");
            Sources = definition.When.In.Select(ParseSource).ToHashSet();
        }

        public Rule Definition { get; }
        public Severity Severity { get; }
        public HashSet<ObservationSource> Sources { get; }

        private static ObservationSource ParseSource(string name) => name switch
        {
            "literal" => Rules.ObservationSource.Literal,
            "decoded" => Rules.ObservationSource.Decoded,
            "scheme" => Rules.ObservationSource.Scheme,
            "scheme-summary" => Rules.ObservationSource.SchemeSummary,
            "xor-sweep" => Rules.ObservationSource.XorSweep,
            _ => Rules.ObservationSource.Archive,
        };
    }
}
