using Telltale.Artifacts;
using Telltale.Classification;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Harvesting;
using Telltale.JavaScript;
using Telltale.Rules;

namespace Telltale.Scanning;

/// <summary>
/// Runs the per-entry stages (harvest → schemes → decode → rules, and the raw xor sweep) on one entry.
/// Thread-safe: one instance serves the parallel entries of a scan.
/// </summary>
internal sealed class EntryScanner : IDisposable
{
    private static readonly IStringHarvester[] Harvesters = [new JavaScriptHarvester(), new TextTokenHarvester(), new BinaryStringHarvester()];

    private readonly RuleEngine _rules;
    private readonly LayeredDecoder _decoder;
    private readonly SchemeDetector _schemes;
    private readonly XorSweep? _sweep;
    private readonly BehaviourAnalyzer? _behaviour;
    private readonly ScanLimits _limits;

    public EntryScanner(RuleEngine rules, ScanOptions options)
    {
        _rules = rules;
        _decoder = LayeredDecoder.CreateDefault(options.Limits);
        _schemes = new SchemeDetector(options.Limits);
        _limits = options.Limits;
        _behaviour = options.AnalyzeBehaviour ? new BehaviourAnalyzer(options.Limits) : null;
        var sweepTerms = rules.Indicators.AllTerms
            .Where(t => t.Length >= options.MinSweepIndicatorLength && t.All(char.IsAscii) && t.Distinct().Count() >= options.MinSweepIndicatorDistinctChars)
            .ToArray();
        _sweep = sweepTerms.Length > 0 && rules.Reads(ObservationSource.XorSweep) ? new XorSweep(sweepTerms) : null;
    }

    public EntryResult Scan(ArtifactEntry entry, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var schemes = new List<ObfuscationScheme>();
        var behaviour = AnalyzeBehaviourInBackground(entry, cancellationToken);
        var harvester = Harvesters.FirstOrDefault(h => h.CanHarvest(entry));
        var literals = harvester is null ? [] : harvester.Harvest(entry, cancellationToken).ToList();

        var inScheme = new HashSet<HarvestedLiteral>(ReferenceEqualityComparer.Instance);
        var decodedCount = 0;
        foreach (var scheme in _schemes.Detect(literals))
        {
            schemes.Add(scheme.Summary);
            findings.AddRange(_rules.Evaluate(new Observation
            {
                Source = ObservationSource.SchemeSummary,
                Location = scheme.Summary.FirstLocation,
                Text = scheme.Members[0].Literal.Value,
                Scheme = scheme.Summary,
                Decoded = scheme.Members.Select(m => m.Decoded).FirstOrDefault(d => d is not null),
            }));
            var memberFindings = new List<Finding>();
            foreach (var (literal, decoded) in scheme.Members)
            {
                inScheme.Add(literal);
                if (decoded is null)
                {
                    continue;
                }

                decodedCount++;
                memberFindings.AddRange(_rules.Evaluate(new Observation
                {
                    Source = ObservationSource.Scheme,
                    Location = literal.Location,
                    Text = literal.Value,
                    Decoded = decoded,
                    Class = ValueClassifier.Classify(decoded.Value),
                    Scheme = scheme.Summary,
                }));
            }

            findings.AddRange(FindingAggregator.PerRule(memberFindings));
        }

        var readsLiterals = _rules.Reads(ObservationSource.Literal);

        // A bundle repeats its strings, so text entries keep what each string decoded to; the runs of a
        // binary rarely repeat, and caching hundreds of thousands of them costs more than decoding again.
        var decodeCache = entry.Kind == EntryKind.Binary ? null : new Dictionary<string, DecodeOutcome>(StringComparer.Ordinal);
        for (var i = 0; i < literals.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var literal = literals[i];
            if (inScheme.Contains(literal))
            {
                continue;
            }

            if (readsLiterals)
            {
                findings.AddRange(_rules.Evaluate(new Observation { Source = ObservationSource.Literal, Location = literal.Location, Text = literal.Value }));
            }

            var outcome = Decode(literal.Value, decodeCache);
            if (outcome.Text is { } text)
            {
                decodedCount++;
                findings.AddRange(_rules.Evaluate(new Observation
                {
                    Source = ObservationSource.Decoded,
                    Location = literal.Location,
                    Text = literal.Value,
                    Decoded = text,
                    Class = ValueClassifier.Classify(text.Value),
                }));
            }
            else if (_sweep is not null)
            {
                // Bytes that a text encoding hid but no chain turned into text: short xor'd strings still show their indicators.
                foreach (var residue in outcome.BinaryResidue)
                {
                    foreach (var hit in _sweep.Scan(residue.Output))
                    {
                        findings.AddRange(SweepFindings(literal.Location, literal.Value, hit, [residue.Label, $"xor 0x{hit.Key:X2}"]));
                    }
                }
            }
        }

        if (_sweep is not null)
        {
            foreach (var hit in _sweep.Scan(entry.Content.Span))
            {
                var location = new SourceLocation(entry.Path, 0, 0, hit.Offset, hit.Indicator.Length);
                var raw = entry.Content.Span.Slice((int)hit.Offset, hit.Indicator.Length);
                findings.AddRange(SweepFindings(location, LiteralBytes.ToText(raw), hit, [$"xor 0x{hit.Key:X2}"]));
            }
        }

        if (behaviour is not null)
        {
            findings.AddRange(behaviour.GetAwaiter().GetResult());
        }

        return new EntryResult(findings, schemes, literals.Count, decodedCount);
    }

    private DecodeOutcome Decode(string literal, Dictionary<string, DecodeOutcome>? cache)
    {
        if (cache is null)
        {
            return _decoder.Decode(literal);
        }

        if (!cache.TryGetValue(literal, out var outcome))
        {
            outcome = _decoder.Decode(literal);
            cache[literal] = outcome;
        }

        return outcome;
    }

    /// <summary>
    /// Parsing and following a large bundle takes as long as harvesting it, so both run at once; the
    /// analysis runs on a thread with a large stack because real bundles nest deeply.
    /// </summary>
    private Task<IReadOnlyList<Finding>>? AnalyzeBehaviourInBackground(ArtifactEntry entry, CancellationToken cancellationToken)
    {
        if (_behaviour is null || entry.Kind != EntryKind.JavaScript || entry.Content.Length > _limits.MaxAnalyzedScriptBytes || IsTypeScript(entry.Path))
        {
            return null;
        }

        var analyzer = _behaviour;
        var workers = _analysisWorkers.Value;
        return workers.Run<IReadOnlyList<Finding>>(
            () =>
            {
                try
                {
                    var text = entry.ReadText();
                    if (entry.Content.Length < LargeScriptBytes)
                    {
                        return analyzer.Analyze(text, entry.Path, entry.Codec, cancellationToken).Findings;
                    }

                    lock (_largeAnalysisGate)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return analyzer.Analyze(text, entry.Path, entry.Codec, cancellationToken).Findings;
                    }
                }
                catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
                {
                    // A bug in the analysis must not cost the reviewer the rest of the scan: say so and go on.
                    return [AnalysisFailure(entry, ex)];
                }
            },
            cancellationToken);
    }

    /// <summary>Ends the analysis threads once the scan is over.</summary>
    public void Dispose()
    {
        if (_analysisWorkers.IsValueCreated)
        {
            _analysisWorkers.Value.Dispose();
        }
    }

    // One more thread than analyses can run at once: a large analysis waiting for the gate must not
    // leave small ones without a thread.
    private readonly Lazy<LargeStackWorkers> _analysisWorkers = new(() => new LargeStackWorkers(Environment.ProcessorCount + 1, AnalysisStackBytes, "telltale-behaviour"));

    private const int AnalysisStackBytes = 256 * 1024 * 1024;
    private const int LargeScriptBytes = 4 * 1024 * 1024;

    // Large bundles hold their whole AST (about 45 bytes per source byte) while analysed: one large analysis
    // at a time keeps a package with several 30 MB bundles near the memory one needs; small files go side by side.
    private readonly Lock _largeAnalysisGate = new();

    private static bool IsTypeScript(string path) =>
        path.EndsWith(".ts", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsx", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".mts", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cts", StringComparison.OrdinalIgnoreCase);

    private static Finding AnalysisFailure(ArtifactEntry entry, Exception ex) => new()
    {
        RuleId = BehaviourAnalyzer.AnalysisFailedRuleId,
        Title = "JavaScript behaviour analysis did not finish",
        Severity = Severity.Info,
        Confidence = 1,
        Location = new SourceLocation(entry.Path, 0, 0, 0),
        Evidence = new Evidence($"{ex.GetType().Name}: {ex.Message}"),
        Description = "Covert channels in this file were not looked for; the other findings are complete.",
    };

    private IEnumerable<Finding> SweepFindings(SourceLocation location, string text, XorSweepHit hit, string[] chain)
    {
        var decoded = new DecodeResult(hit.Indicator, System.Text.Encoding.ASCII.GetBytes(hit.Indicator), chain, 0);
        return _rules.Evaluate(new Observation
        {
            Source = ObservationSource.XorSweep,
            Location = location,
            Text = text,
            Term = hit.Indicator,
            Decoded = decoded,
            Class = ValueClassifier.Classify(hit.Indicator),
        });
    }
}
