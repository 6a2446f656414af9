using Telltale.Artifacts;
using Telltale.Artifacts.Native;
using Telltale.Classification;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Harvesting;
using Telltale.JavaScript;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Sandbox;
using Telltale.Rules;

namespace Telltale.Scanning;

/// <summary>
/// Runs the per-entry stages (harvest → schemes → decode → rules, and the raw xor sweep) on one entry.
/// Thread-safe: one instance serves the parallel entries of a scan.
/// </summary>
internal sealed class EntryScanner : IDisposable
{
    private static readonly BinaryStringHarvester BinaryHarvester = new();
    private static readonly IStringHarvester[] Harvesters = [new JavaScriptHarvester(), new TextTokenHarvester(), BinaryHarvester];

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

    /// <param name="entry">The file.</param>
    /// <param name="meter">Charges the entry's sandbox work to its place in the scan's budget.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <param name="mayLink">
    /// The scan still keeps scripts for linking: a script small enough is returned in <see cref="EntryResult.Script"/>,
    /// and one that requires or imports a file by a relative path waits for <see cref="AnalyzeLinked"/>.
    /// </param>
    public EntryResult Scan(ArtifactEntry entry, SandboxWorkMeter meter, CancellationToken cancellationToken, bool mayLink = false)
    {
        // Merged as they come, so an entry that repeats one hit a million times holds one finding, not a million.
        var findings = new FindingSet(_limits.MaxDistinctFindingsPerRuleAndFile);
        var sourceMap = SourceMapInfoFolder.IsSourceMap(entry.Path) ? new SourceMapInfoFolder() : null;
        void Add(IEnumerable<Finding> batch)
        {
            foreach (var finding in batch)
            {
                if (sourceMap?.TryAdd(finding) != true)
                {
                    findings.Add(finding);
                }
            }
        }

        var schemes = new List<ObfuscationScheme>();
        var incomplete = new List<IncompleteAnalysis>();
        // A .NET string holds about a billion characters, and a file that large is no script anyone reviews: its
        // bytes are still read for strings, but reading it as text would fail, so the text analyses are skipped
        // and that is said.
        var tooLargeForText = entry.Kind != EntryKind.Binary && entry.Content.Length > _limits.MaxTextEntryBytes;
        if (tooLargeForText)
        {
            incomplete.Add(new IncompleteAnalysis(entry.Path, "text",
                $"{entry.Content.Length} bytes is over the {_limits.MaxTextEntryBytes}-byte limit for reading a file as text; only its byte strings were harvested"));
        }
        else if (_behaviour is not null && entry.Kind == EntryKind.JavaScript && entry.Content.Length > _limits.MaxAnalyzedScriptBytes && !IsTypeScript(entry.Path))
        {
            incomplete.Add(new IncompleteAnalysis(entry.Path, Scanner.BehaviourAnalysisName,
                $"script of {entry.Content.Length} bytes is over the {_limits.MaxAnalyzedScriptBytes}-byte limit for behaviour analysis; its literals were still decoded"));
        }

        PackageScript? script = null;
        var deferred = false;
        if (!tooLargeForText && IsAnalyzed(entry) && entry.Content.Length <= _limits.MaxLinkedScriptBytes)
        {
            var text = entry.ReadText();
            var namesModules = ModuleLinker.NamesRelativeModule(text);
            if (mayLink)
            {
                script = new PackageScript(entry.Path, text, entry.Codec);
                deferred = namesModules;
            }
            else if (namesModules)
            {
                incomplete.Add(new IncompleteAnalysis(entry.Path, Scanner.BehaviourAnalysisName,
                    $"the scripts before this one used up the {_limits.MaxLinkedBytesPerScan:N0} bytes a scan keeps for linking modules; the files it requires or imports were not followed"));
            }
        }

        var harvester = tooLargeForText ? BinaryHarvester : Harvesters.FirstOrDefault(h => h.CanHarvest(entry));
        // A script the analysis parses gives its literals from the parser's own tokens: one tokenisation per file.
        var parsedLiterals = harvester is JavaScriptHarvester ? new TaskCompletionSource<List<HarvestedLiteral>?>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var behaviour = tooLargeForText || deferred ? null : AnalyzeBehaviourInBackground(entry, script?.Text, meter, parsedLiterals, cancellationToken);
        var literals = behaviour is not null && parsedLiterals?.Task.GetAwaiter().GetResult() is { } fromParse
            ? fromParse
            : harvester is null ? [] : harvester.Harvest(entry, cancellationToken).ToList();

        var inScheme = new HashSet<HarvestedLiteral>(ReferenceEqualityComparer.Instance);
        var decodedCount = 0;
        foreach (var scheme in _schemes.Detect(literals))
        {
            schemes.Add(scheme.Summary);
            Add(_rules.Evaluate(new Observation
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

            Add(FindingAggregator.PerRule(memberFindings));
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
                Add(_rules.Evaluate(new Observation { Source = ObservationSource.Literal, Location = literal.Location, Text = literal.Value }));
            }

            var outcome = Decode(literal.Value, decodeCache);
            if (outcome.Text is { } text)
            {
                decodedCount++;
                Add(_rules.Evaluate(new Observation
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
                    var hits = _sweep.Scan(residue.Output);
                    foreach (var run in hits.Count == 0 ? [] : XorHiddenText.Read(residue.Output, hits))
                    {
                        Add(SweepFindings(run, literal.Value, [residue.Label, $"xor 0x{run.Key:X2}"], _ => literal.Location));
                    }
                }
            }
        }

        if (_sweep is not null)
        {
            var content = entry.Content.Span;
            var hits = _sweep.Scan(content);
            foreach (var run in hits.Count == 0 ? [] : XorHiddenText.Read(content, hits, DebugAndSymbolData(entry)))
            {
                var raw = LiteralBytes.ToText(content.Slice((int)run.Offset, Math.Min(run.Length, MaxRawEvidenceBytes)));
                Add(SweepFindings(run, raw, [$"xor 0x{run.Key:X2}"], hit => new SourceLocation(entry.Path, 0, 0, hit.Offset, hit.Indicator.Length)));
            }
        }

        if (sourceMap is not null)
        {
            findings.AddRange(sourceMap.Folded());
        }

        IReadOnlyList<Finding> behaviourFindings = [];
        if (behaviour is not null)
        {
            var outcome = behaviour.GetAwaiter().GetResult();
            behaviourFindings = outcome.Findings;
            incomplete.AddRange(outcome.Incomplete);
        }

        return new EntryResult(entry.Path, findings.ToList(), behaviourFindings, schemes, literals.Count, decodedCount, behaviour is null ? null : meter, incomplete)
        {
            Script = script,
            BehaviourDeferred = deferred,
        };
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
    /// <param name="entry">The script.</param>
    /// <param name="text">Its text when it was already read (kept for linking), so it is not decoded twice.</param>
    /// <param name="meter">Charges its sandbox work.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <param name="parsedLiterals">Given the parse's literals, or null when the script did not parse or the analysis stopped first.</param>
    private Task<BehaviourOutcome>? AnalyzeBehaviourInBackground(ArtifactEntry entry, string? text, SandboxWorkMeter meter, TaskCompletionSource<List<HarvestedLiteral>?>? parsedLiterals, CancellationToken cancellationToken)
    {
        if (!IsAnalyzed(entry) || _behaviour is not { } analyzer)
        {
            return null;
        }

        Action<List<HarvestedLiteral>?>? literalsParsed = parsedLiterals is null ? null : literals => parsedLiterals.TrySetResult(literals);
        var workers = _analysisWorkers.Value;
        var task = workers.Run(
            () =>
            {
                try
                {
                    var source = text ?? entry.ReadText();
                    if (entry.Content.Length < LargeScriptBytes)
                    {
                        return Outcome(entry.Path, [analyzer.Analyze(source, entry.Path, entry.Codec, meter, literalsParsed, cancellationToken)], meter);
                    }

                    lock (_largeAnalysisGate)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return Outcome(entry.Path, [analyzer.Analyze(source, entry.Path, entry.Codec, meter, literalsParsed, cancellationToken)], meter);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A bug in the analysis (or a file too large to hold) must not cost the reviewer the rest of the
                    // scan, nor pass for a clean file: say so and go on.
                    return new BehaviourOutcome([], [new IncompleteAnalysis(entry.Path, Scanner.BehaviourAnalysisName,
                        $"the analysis failed: {ex.GetType().Name}: {EntryNames.OneLine(ex.Message)}", Reproducible: false)]);
                }
            },
            cancellationToken);
        // The harvest waits for the parse: whatever ends the analysis before it parsed (an error, cancellation before
        // it started), the harvest then reads the file itself.
        task.ContinueWith(_ => parsedLiterals?.TrySetResult(null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// The behaviour analysis of scripts deferred by <see cref="Scan"/>, linked with one another where they require
    /// or import each other (<see cref="ModuleLinker"/>), charged to one meter; on a large-stack thread like any analysis.
    /// </summary>
    public BehaviourOutcome AnalyzeLinked(IReadOnlyList<PackageScript> scripts, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        var analyzer = _behaviour ?? throw new InvalidOperationException("behaviour analysis is off");
        var path = scripts[0].Path;
        return _analysisWorkers.Value.Run(
            () =>
            {
                try
                {
                    if (scripts.Sum(s => (long)s.Text.Length) < LargeScriptBytes)
                    {
                        return Outcome(path, analyzer.AnalyzeLinked(scripts, meter, cancellationToken), meter);
                    }

                    lock (_largeAnalysisGate)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return Outcome(path, analyzer.AnalyzeLinked(scripts, meter, cancellationToken), meter);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return new BehaviourOutcome([], [new IncompleteAnalysis(path, Scanner.BehaviourAnalysisName,
                        $"the analysis failed: {ex.GetType().Name}: {EntryNames.OneLine(ex.Message)}", Reproducible: false)]);
                }
            },
            cancellationToken).GetAwaiter().GetResult();
    }

    private bool IsAnalyzed(ArtifactEntry entry) =>
        _behaviour is not null && entry.Kind == EntryKind.JavaScript && entry.Content.Length <= _limits.MaxAnalyzedScriptBytes && !IsTypeScript(entry.Path);

    private BehaviourOutcome Outcome(string path, IReadOnlyList<BehaviourAnalysis> analyses, SandboxWorkMeter meter)
    {
        var incomplete = new List<IncompleteAnalysis>();
        var findings = analyses.SelectMany(a => a.Findings).ToList();
        foreach (var analysis in analyses)
        {
            if (analysis.ParseError is { } parseError)
            {
                findings.Add(NotParsed(analysis.Path ?? path, parseError));
            }

            if (analysis.Incomplete is { } reason)
            {
                incomplete.Add(new IncompleteAnalysis(analysis.Path ?? path, Scanner.BehaviourAnalysisName, reason));
            }
        }

        if (meter.FileBudgetSpent)
        {
            incomplete.Add(new IncompleteAnalysis(path, Scanner.BehaviourAnalysisName,
                $"the decoders of this file used up its sandbox budget ({meter.Statements:N0} of {_limits.MaxSandboxStatementsPerFile:N0} statements in {meter.Evaluations:N0} runs); later decoder calls were not run"));
        }

        if (meter.LimitedEvaluations > 0)
        {
            // A decoder that needs more than a run allows may be hiding exactly what matters: its value is unknown,
            // and the report must not read as if it had been looked at.
            incomplete.Add(new IncompleteAnalysis(path, Scanner.BehaviourAnalysisName,
                $"{meter.LimitedEvaluations:N0} decoder {(meter.LimitedEvaluations == 1 ? "run" : "runs")} stopped at a sandbox limit (statements, memory or call depth); {(meter.LimitedEvaluations == 1 ? "its value is" : "their values are")} unknown"));
        }

        if (meter.BackstopTripped)
        {
            incomplete.Add(new IncompleteAnalysis(path, Scanner.BehaviourAnalysisName,
                "a decoder run was ended by the wall-clock backstop (a native operation such as one regular-expression match ran too long)", Reproducible: false));
        }

        return new BehaviourOutcome(findings, incomplete);
    }

    internal sealed record BehaviourOutcome(IReadOnlyList<Finding> Findings, IReadOnlyList<IncompleteAnalysis> Incomplete);

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

    internal const int AnalysisStackBytes = 256 * 1024 * 1024;
    private const int LargeScriptBytes = 4 * 1024 * 1024;

    // Large bundles hold their whole AST (about 45 bytes per source byte) while analysed: one large analysis
    // at a time keeps a package with several 30 MB bundles near the memory one needs; small files go side by side.
    private readonly Lock _largeAnalysisGate = new();

    private static bool IsTypeScript(string path) =>
        path.EndsWith(".ts", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsx", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".mts", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cts", StringComparison.OrdinalIgnoreCase);

    private static Finding NotParsed(string path, string error) => new()
    {
        RuleId = BehaviourAnalyzer.NotParsedRuleId,
        Title = "JavaScript file does not parse",
        Severity = Severity.Info,
        Confidence = 1,
        Location = new SourceLocation(path, 0, 0, 0),
        Evidence = new Evidence(EntryNames.OneLine(error)),
        Description = "Neither as a script nor as a module: its literals were decoded, its behaviour was not analysed.",
    };

    /// <summary>
    /// A finding per hit, each carrying the whole run it stands in: the hits of one hidden list decode to the same
    /// text and so merge into one finding that counts them, and the reviewer reads the list, not six bytes of it.
    /// The rules see each indicator of a run once (a run may hold a million hits of one word).
    /// </summary>
    private IEnumerable<Finding> SweepFindings(XorHiddenRun run, string text, string[] chain, Func<XorSweepHit, SourceLocation> locate)
    {
        var decoded = new DecodeResult(run.Text, System.Text.Encoding.UTF8.GetBytes(run.Text), chain, 0);
        var valueClass = ValueClassifier.Classify(run.Text);
        var byIndicator = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        foreach (var hit in run.Hits)
        {
            if (!byIndicator.TryGetValue(hit.Indicator, out var findings))
            {
                findings = [.. _rules.Evaluate(new Observation
                {
                    Source = ObservationSource.XorSweep,
                    Location = locate(hit),
                    Text = text,
                    Term = hit.Indicator,
                    Decoded = decoded,
                    Class = valueClass,
                })];
                byIndicator[hit.Indicator] = findings;
                foreach (var finding in findings)
                {
                    yield return finding;
                }

                continue;
            }

            foreach (var finding in findings)
            {
                yield return finding with { Location = locate(hit) };
            }
        }
    }

    /// <summary>Raw bytes of a hidden run kept as the finding's text; the rule engine shortens it further.</summary>
    private const int MaxRawEvidenceBytes = 256;

    /// <summary>
    /// Debug information and symbol tables of the executable these bytes are (or are the own bytes of, around an
    /// embedded application), as offsets into the entry; null when the entry is no executable or has none.
    /// </summary>
    private static Func<long, bool>? DebugAndSymbolData(ArtifactEntry entry)
    {
        NativeImage? image;
        long shift;
        if (entry is { OffsetInParent: { } at, Parent: { } parent } && NativeImage.HasNativeMagic(parent.Content.Span))
        {
            image = NativeImage.TryRead(parent.Content.Span, out _);
            shift = at;
        }
        else if (NativeImage.HasNativeMagic(entry.Content.Span))
        {
            image = NativeImage.TryRead(entry.Content.Span, out _);
            shift = 0;
        }
        else
        {
            return null;
        }

        var length = entry.Content.Length;
        var ranges = (image?.DebugAndSymbolRegions() ?? [])
            .Select(r => (Start: r.Offset - shift, End: r.End - shift))
            .Where(r => r.End > 0 && r.Start < length)
            .ToArray();
        return ranges.Length == 0 ? null : offset => Array.Exists(ranges, r => offset >= r.Start && offset < r.End);
    }
}
