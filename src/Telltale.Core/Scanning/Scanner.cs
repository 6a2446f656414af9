using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Sandbox;
using Telltale.Rules;

namespace Telltale.Scanning;

/// <summary>
/// The static scan, start to end: resolve the target, unpack it within limits, run every entry through
/// the per-entry stages on all cores, and gather one report. Returns data; the caller renders it.
/// </summary>
public sealed class Scanner
{
    private readonly ScanOptions _options;
    private readonly TargetResolver _resolver;
    private readonly RuleEngine _rules;

    public Scanner(ScanOptions options, TargetResolver resolver)
    {
        _options = options;
        _resolver = resolver;
        _rules = new RuleEngine(options.Rules ?? RulePackLoader.LoadDefault());
        JavaScriptSandbox.PrepareInBackground();
    }

    /// <summary>The build's version (Directory.Build.props), as <c>telltale --version</c> prints it.</summary>
    /// <summary>The <see cref="IncompleteAnalysis.Analysis"/> of the JavaScript behaviour analysis.</summary>
    public const string BehaviourAnalysisName = "behaviour";

    public static string ToolVersion { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public async Task<ScanReport> ScanAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new ScanProgress("resolve", target, 0, 0));
        var resolved = await _resolver.ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        var report = ScanResolved(resolved, progress, cancellationToken);
        return report with { Statistics = report.Statistics with { Elapsed = clock.Elapsed } };
    }

    /// <summary>Scans a target that is already on disk (used by tests and by callers that fetched it themselves).</summary>
    public ScanReport ScanResolved(ResolvedTarget resolved, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var context = new UnpackContext(_options.Limits, cancellationToken);
        using var entryScanner = new EntryScanner(_rules, _options);
        var budget = new SandboxWorkBudget(_options.Limits.MaxSandboxStatementsPerScan, _options.Limits.MaxSandboxStatementsPerFile);
        var results = new List<(int Position, EntryResult Result)>();
        var gate = new object();
        var entries = 0;
        long bytes = 0;
        string? name = null, version = null;

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = _options.Parallelism ?? Environment.ProcessorCount };
        // No buffering: a worker takes one entry at a time, so a large entry (a bundle, an executable's
        // runtime) never holds small ones back in its chunk while the other core is idle. The partitioner reads
        // the entries in their fixed order, so an entry's position is the same however the work is scheduled.
        // Which scripts are kept for linking is decided here, in the entries' order, so it never depends on scheduling.
        long linkedBytes = 0;
        bool MayLink(ArtifactEntry entry)
        {
            if (entry.Kind != EntryKind.JavaScript || entry.Content.Length > _options.Limits.MaxLinkedScriptBytes)
            {
                return false;
            }

            linkedBytes += entry.Content.Length;
            return linkedBytes <= _options.Limits.MaxLinkedBytesPerScan;
        }

        var inArchiveOrder = EntriesWithPlatformPackages(resolved, context).Select((item, position) => (item.Entry, item.OfTarget, position, MayLink(item.Entry)));
        var source = Partitioner.Create(ScriptsFirst.Order(inArchiveOrder, item => item.Entry, _options.Limits.ScriptLookAheadBytes), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(source, parallel, item =>
        {
            var (entry, ofTarget, position, mayLink) = item;
            var result = ScanEntry(entryScanner, entry, budget.ForFile(position), mayLink, cancellationToken);
            lock (gate)
            {
                results.Add((position, result));
                entries++;
                bytes += entry.Content.Length;
                if (ofTarget && entry.Depth == 0 && IsManifest(entry) && ReadManifest(entry) is { } manifest)
                {
                    (name, version) = manifest;
                }

                progress?.Report(new ScanProgress("scan", entry.Path, entries, bytes));
            }
        });

        // From here on everything is in the entries' order: nothing depends on which thread finished first.
        results.Sort((a, b) => a.Position.CompareTo(b.Position));
        AnalyzeLinkedScripts(entryScanner, results, budget, parallel, cancellationToken);
        var findings = new List<Finding>();
        var incomplete = new List<IncompleteAnalysis>();
        foreach (var (position, result) in results)
        {
            findings.AddRange(result.Findings);
            // A file refused its first run counts as one that ran: which of the two it was depends on scheduling.
            if (result.Meter is { } meter && (meter.Statements > 0 || meter.ScanBudgetSpent) && budget.SpentBefore(position))
            {
                // Which of these files got further before the scan's budget ran out depends on scheduling, so nothing
                // their behaviour analysis said is kept, findings or notes: the report says they were not analysed
                // to the end.
                incomplete.AddRange(result.Incomplete.Where(i => i.Analysis != BehaviourAnalysisName));
                incomplete.Add(new IncompleteAnalysis(result.Path, BehaviourAnalysisName,
                    $"the scan's sandbox budget ({budget.ScanStatements:N0} statements) was spent by this and earlier files; its behaviour was not analysed to the end"));
                continue;
            }

            incomplete.AddRange(result.Incomplete);
            findings.AddRange(result.BehaviourFindings);
        }

        foreach (var refusal in context.Refusals)
        {
            findings.AddRange(_rules.Evaluate(new Observation
            {
                Source = ObservationSource.Archive,
                Location = new SourceLocation(refusal.Path, 0, 0, 0),
                Text = refusal.Message,
                Refusal = refusal.Kind,
            }));
        }

        var target = new ScanTarget(
            resolved.Source == "npm" ? resolved.Name : name ?? resolved.Name,
            resolved.Source == "npm" ? resolved.Version : version ?? resolved.Version,
            resolved.Sha256,
            resolved.Source)
        {
            Platform = resolved.Platform,
            PlatformPackages = [.. resolved.PlatformPackages.Select(p => new PlatformPackage(p.Name, p.Version, p.Sha256))],
        };

        if (target.PlatformGap is { } platformGap)
        {
            // The program of such a package lives in its platform packages: without one, a clean report would
            // describe a wrapper, not the tool. First, so every format says it before anything else.
            incomplete.Insert(0, platformGap);
        }

        findings.AddRange(incomplete.Select(IncompleteFinding));
        return new ScanReport
        {
            Target = target,
            Findings = FindingSet.Bound(Order(findings), _options.Limits.MaxDistinctFindingsPerRuleAndFile),
            Schemes = results.SelectMany(r => r.Result.Schemes).ToArray(),
            Payloads = [.. context.Payloads],
            Incomplete = incomplete,
            Statistics = new ScanStatistics
            {
                Entries = entries,
                Bytes = bytes,
                Literals = results.Sum(r => r.Result.Literals),
                DecodedLiterals = results.Sum(r => r.Result.DecodedLiterals),
                Elapsed = clock.Elapsed,
                SandboxEvaluations = results.Sum(r => r.Result.Meter?.Evaluations ?? 0),
                SandboxStatements = results.Sum(r => r.Result.Meter?.Statements ?? 0),
            },
            ScannedAt = DateTimeOffset.UtcNow,
            ToolVersion = ToolVersion,
        };
    }

    /// <summary>
    /// The behaviour analysis of the scripts that require or import other files of the package, each analysed with
    /// every file it is linked to (<see cref="ModuleLinker"/>) on the meter of its component's first such script.
    /// A linked file that was also analysed alone keeps only what the linked analysis did not say at the same place.
    /// Replaces the entries' results in <paramref name="results"/>, which are in the entries' order.
    /// </summary>
    private static void AnalyzeLinkedScripts(EntryScanner entryScanner, List<(int Position, EntryResult Result)> results, SandboxWorkBudget budget, ParallelOptions parallel, CancellationToken cancellationToken)
    {
        var kept = Enumerable.Range(0, results.Count).Where(i => results[i].Result.Script is not null).ToList();
        if (!kept.Any(i => results[i].Result.BehaviourDeferred))
        {
            return;
        }

        var scripts = kept.Select(i => results[i].Result.Script!).ToList();
        var components = ModuleLinker.Components(scripts, cancellationToken)
            .Where(c => c.Any(i => results[kept[i]].Result.BehaviourDeferred))
            .ToList();
        var outcomes = new EntryScanner.BehaviourOutcome[components.Count];
        var meters = new SandboxWorkMeter[components.Count];
        Parallel.For(0, components.Count, parallel, c =>
        {
            var component = components[c];
            var owner = kept[component.First(i => results[kept[i]].Result.BehaviourDeferred)];
            meters[c] = budget.ForFile(results[owner].Position);
            outcomes[c] = entryScanner.AnalyzeLinked([.. component.Select(i => scripts[i])], meters[c], cancellationToken);
        });

        for (var c = 0; c < components.Count; c++)
        {
            var said = outcomes[c].Findings.Select(f => (f.RuleId, f.Location.Path, f.Location.Offset)).ToHashSet();
            var owner = kept[components[c].First(i => results[kept[i]].Result.BehaviourDeferred)];
            foreach (var member in components[c].Select(i => kept[i]))
            {
                var (position, result) = results[member];
                results[member] = member == owner
                    ? (position, result with { BehaviourFindings = outcomes[c].Findings, Meter = meters[c], Incomplete = [.. result.Incomplete, .. outcomes[c].Incomplete] })
                    : (position, result with { BehaviourFindings = [.. result.BehaviourFindings.Where(f => !said.Contains((f.RuleId, f.Location.Path, f.Location.Offset)))] });
            }
        }
    }

    /// <summary>One entry, whatever it holds: a failure of any stage becomes an incomplete analysis, never a failed scan.</summary>
    private static EntryResult ScanEntry(EntryScanner scanner, ArtifactEntry entry, SandboxWorkMeter meter, bool mayLink, CancellationToken cancellationToken)
    {
        try
        {
            return scanner.Scan(entry, meter, cancellationToken, mayLink);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EntryResult(entry.Path, [], [], [], 0, 0, null,
                [new IncompleteAnalysis(entry.Path, "entry", $"the scan of this file failed: {ex.GetType().Name}: {EntryNames.OneLine(ex.Message)}", Reproducible: false)]);
        }
    }

    /// <summary>The TT2000 finding every incomplete analysis gets, so a gate and a reader of the findings alone see it too.</summary>
    internal static Finding IncompleteFinding(IncompleteAnalysis incomplete) => new()
    {
        RuleId = BehaviourAnalyzer.AnalysisIncompleteRuleId,
        Title = $"Analysis incomplete ({incomplete.Analysis})",
        Severity = Severity.Medium,
        Confidence = 1,
        Location = new SourceLocation(incomplete.Path, 0, 0, 0),
        Evidence = new Evidence(incomplete.Reason),
        Description = "Part of this file was not analysed to the end, so the report is a lower bound: what was cut short may hide more. "
            + "Any --fail-on threshold fails on an incomplete report.",
    };

    /// <summary>
    /// The target's entries, then each platform package's under its <c>name@version!/</c> prefix, all in one
    /// context so the limits hold for the whole install. Each says whether it is the target's own, since a
    /// platform package's package.json must not rename the target.
    /// </summary>
    private static IEnumerable<(ArtifactEntry Entry, bool OfTarget)> EntriesWithPlatformPackages(ResolvedTarget resolved, UnpackContext context)
    {
        // Expand is called for every part now, so a missing file fails before any scanning starts.
        List<(IEnumerable<ArtifactEntry> Entries, bool OfTarget)> parts =
        [
            (ArtifactExpander.Default.Expand(resolved.LocalPath, context), true),
            .. resolved.PlatformPackages.Select(p => (ArtifactExpander.Default.Expand(p.LocalPath, context, p.PathPrefix), false)),
        ];
        return parts.SelectMany(part => part.Entries.Select(entry => (entry, part.OfTarget)));
    }

    // Every field that can tell two findings apart takes part, so equal inputs give the same order on any machine.
    internal static List<Finding> Order(List<Finding> findings) =>
        findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Location.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Offset)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Title, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence.Text, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence.Decoded, StringComparer.Ordinal)
            .ThenBy(f => string.Join("\u0001", f.Items), StringComparer.Ordinal)
            .ToList();

    private static bool IsManifest(ArtifactEntry entry) =>
        entry.Name is "package.json" or "package/package.json";

    private static (string Name, string? Version)? ReadManifest(ArtifactEntry entry)
    {
        try
        {
            using var document = JsonDocument.Parse(entry.Content);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String)
            {
                var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return (nameElement.GetString()!, version);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // A broken manifest (bad JSON, invalid UTF-8 in a string) is the package's problem; the scan goes on
            // under the file name.
        }

        return null;
    }
}
