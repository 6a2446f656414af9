using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Acornima.Ast;
using Telltale.Artifacts;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Harvesting;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Normalisation;
using Telltale.JavaScript.Sandbox;
using Telltale.Scanning;

namespace Telltale.JavaScript;

/// <summary>
/// Reads a JavaScript file the way a reviewer would: finds covert channels (look-alike, invisible or
/// transformed text chosen by a test of the environment), follows each to where its text leaves the code,
/// and writes one behaviour finding per carrier text, explained as a tree of steps.
/// </summary>
public sealed class BehaviourAnalyzer
{
    public const string CovertChannelRuleId = "TT2001";

    /// <summary>Run-time code inside run-time code followed this deep (an eval of a decoded eval of …).</summary>
    private const int MaxRunTimeCodeDepth = 3;
    /// <summary>Some analysis of a file was cut short (a budget, a size limit, a failure); the report is incomplete.</summary>
    public const string AnalysisIncompleteRuleId = "TT2000";

    /// <summary>A JavaScript file parses neither as a script nor as a module.</summary>
    public const string NotParsedRuleId = "TT2003";

    private readonly JavaScriptSandbox _sandbox;
    private readonly LayeredDecoder _decoder;
    private readonly long _maxSyntaxNodes;

    public BehaviourAnalyzer(ScanLimits limits)
    {
        _sandbox = new JavaScriptSandbox();
        _decoder = LayeredDecoder.CreateDefault(limits);
        _maxSyntaxNodes = limits.MaxSyntaxNodesPerScript;
    }

    public BehaviourAnalysis Analyze(string source, string path, CancellationToken cancellationToken = default) =>
        Analyze(source, path, System.Text.Encoding.UTF8, cancellationToken);

    /// <param name="source">The script's text.</param>
    /// <param name="path">Where findings say they are.</param>
    /// <param name="codec">The file's encoding, for byte offsets (Bun stores some modules as Latin-1).</param>
    /// <param name="cancellationToken">Stops the analysis between stages.</param>
    public BehaviourAnalysis Analyze(string source, string path, System.Text.Encoding codec, CancellationToken cancellationToken = default) =>
        Analyze(source, path, codec, SandboxWorkMeter.Unlimited(), cancellationToken);

    /// <param name="source">The script's text.</param>
    /// <param name="path">Where findings say they are.</param>
    /// <param name="codec">The file's encoding, for byte offsets (Bun stores some modules as Latin-1).</param>
    /// <param name="meter">Charges the decoders run in the sandbox to the file's and the scan's budgets.</param>
    /// <param name="cancellationToken">Stops the analysis between statements of a decoder and between evaluation steps.</param>
    public BehaviourAnalysis Analyze(string source, string path, System.Text.Encoding codec, SandboxWorkMeter meter, CancellationToken cancellationToken) =>
        Analyze(source, path, codec, meter, literalsParsed: null, cancellationToken);

    /// <param name="source">The script's text.</param>
    /// <param name="path">Where findings say they are.</param>
    /// <param name="codec">The file's encoding, for byte offsets (Bun stores some modules as Latin-1).</param>
    /// <param name="meter">Charges the decoders run in the sandbox to the file's and the scan's budgets.</param>
    /// <param name="literalsParsed">
    /// Called once, as soon as the script is parsed, with the string literals the parser's own tokens held (the
    /// harvest's, so the file is tokenised once), or with null when it did not parse.
    /// </param>
    /// <param name="cancellationToken">Stops the analysis between statements of a decoder and between evaluation steps.</param>
    public BehaviourAnalysis Analyze(string source, string path, System.Text.Encoding codec, SandboxWorkMeter meter, Action<List<HarvestedLiteral>?>? literalsParsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return Analyze(LinkedSource.Single(new PackageScript(path, source, codec)), meter, runTimeDepth: 0, literalsParsed, cancellationToken);
    }

    /// <summary>
    /// Analyses scripts of one package that require or import each other as one program (see
    /// <see cref="ModuleLinker"/>); findings are located in the files they come from. Scripts that cannot be linked
    /// (one does not parse, or the linked program does not) are analysed one by one.
    /// </summary>
    public IReadOnlyList<BehaviourAnalysis> AnalyzeLinked(IReadOnlyList<PackageScript> scripts, SandboxWorkMeter meter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        if (scripts.Count > 1 && ModuleLinker.Link(scripts) is { } linked
            && Analyze(linked, meter, cancellationToken) is { ParseError: null } analysis)
        {
            return [analysis];
        }

        return [.. scripts.Select(script => Analyze(LinkedSource.Single(script), meter, cancellationToken) with { Path = script.Path })];
    }

    private BehaviourAnalysis Analyze(LinkedSource linkedSource, SandboxWorkMeter meter, CancellationToken cancellationToken) =>
        Analyze(linkedSource, meter, runTimeDepth: 0, literalsParsed: null, cancellationToken);

    private BehaviourAnalysis Analyze(LinkedSource linkedSource, SandboxWorkMeter meter, int runTimeDepth, Action<List<HarvestedLiteral>?>? literalsParsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var source = linkedSource.Text;
        var path = linkedSource.Files[0].Path;
        var codec = linkedSource.Files[0].Codec;
        var clock = Stopwatch.StartNew();
        Func<JavaScriptLiteralCollector>? collector = literalsParsed is null ? null : () => new JavaScriptLiteralCollector(path, source, codec);
        JavaScriptProgram? parsed;
        List<HarvestedLiteral>? literals;
        string? error;
        try
        {
            parsed = JavaScriptProgram.TryParse(source, path, collector, _maxSyntaxNodes, out literals, out error);
        }
        catch (SyntaxTreeBudgetExceededException overBudget)
        {
            literalsParsed?.Invoke(null);
            return runTimeDepth == 0 && linkedSource.IsIdentity
                ? AnalyzeInRegions(linkedSource.Files[0], meter, overBudget, clock, cancellationToken)
                : new BehaviourAnalysis([], null, 0, 0, 0, 0, clock.Elapsed, TimeSpan.Zero) { Incomplete = overBudget.Message };
        }

        literalsParsed?.Invoke(literals);
        if (parsed is null)
        {
            return new BehaviourAnalysis([], error, 0, 0, 0, 0, clock.Elapsed, TimeSpan.Zero);
        }

        return AnalyzeParsed(linkedSource, ref parsed, meter, runTimeDepth, clock, cancellationToken);
    }

    /// <summary>
    /// The analysis of a parsed program, which it takes from the caller (the reference is cleared), so that its tree is
    /// let go as soon as normalisation has rewritten it.
    /// </summary>
    private BehaviourAnalysis AnalyzeParsed(LinkedSource linkedSource, ref JavaScriptProgram? parsed, SandboxWorkMeter meter, int runTimeDepth, Stopwatch clock, CancellationToken cancellationToken)
    {
        var parseTime = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var normalised = JavaScriptNormaliser.Normalise(ref parsed, round => new DecoderFolding(round, _sandbox, _decoder, meter, cancellationToken), _maxSyntaxNodes, cancellationToken);
        var program = normalised.Program;
        var folding = new DecoderFolding(program, _sandbox, _decoder, meter, cancellationToken);
        var evaluator = new ValueEvaluator(program, folding);
        var channels = new ChannelFinder(program, evaluator).Find();
        var channelTime = clock.Elapsed - parseTime;
        cancellationToken.ThrowIfCancellationRequested();
        var tracer = new FlowTracer(program, evaluator);
        var locations = new LocationMap(linkedSource, normalised);

        // One behaviour per connected set: channels join when they share where the choice is made or the text that carries it.
        var traces = channels.Select(channel => tracer.Trace(channel.Site)).ToList();
        var owner = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var parent = Enumerable.Range(0, channels.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (var i = 0; i < channels.Count; i++)
        {
            foreach (var key in new[] { channels[i].Origin, traces[i].Carriers.Count > 0 ? traces[i].Carriers[0] : null })
            {
                if (key is null)
                {
                    continue;
                }

                if (owner.TryGetValue(key, out var other))
                {
                    parent[Find(i)] = Find(other);
                }
                else
                {
                    owner[key] = i;
                }
            }
        }

        var groups = Enumerable.Range(0, channels.Count).GroupBy(Find).Select(g => g.ToList()).ToList();
        var findings = groups.Select(members =>
        {
            var ordered = members.OrderBy(i => channels[i].Site.Start).ToList();
            var carrier = ordered.Select(i => traces[i].Carriers.Count > 0 ? traces[i].Carriers[0] : null).FirstOrDefault(c => c is not null);
            var trace = new FlowTrace(
                [.. ordered.SelectMany(i => traces[i].Carriers).Distinct()],
                [.. ordered.SelectMany(i => traces[i].Sinks).DistinctBy(s => s.Site)]);
            var distinct = ordered.Select(i => channels[i]).GroupBy(c => (c.Origin, c.Kind))
                .Select(g => g.First() with { Controls = [.. g.SelectMany(c => c.Controls)] }).ToList();
            return BuildFinding(program, locations, carrier ?? distinct[0].Site, distinct, trace);
        }).ToList();

        // Code the program makes at run time from a string it holds (eval, new Function, vm) is a program of its own:
        // analysed as such, its findings located at the call that runs it.
        var runTimeChannels = 0;
        var incomplete = normalised.Incomplete is { } stoppedShort ? new List<string> { stoppedShort } : [];
        if (runTimeDepth < MaxRunTimeCodeDepth)
        {
            foreach (var (site, code) in RunTimeCode.Find(program, evaluator))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var linkedStart = normalised.Changed ? normalised.ToOriginal(site.Start) : site.Start;
                var linkedEnd = normalised.Changed ? normalised.ToOriginal(site.End) : site.End;
                var (file, offset) = linkedSource.ToFile(linkedStart);
                var (_, end) = linkedSource.ToFile(Math.Max(linkedStart, linkedEnd));
                var produced = LinkedSource.ProducedAt(code, linkedSource.Files[file], offset, Math.Max(0, end - offset));
                var nested = Analyze(produced, meter, runTimeDepth + 1, literalsParsed: null, cancellationToken);
                findings.AddRange(nested.Findings);
                runTimeChannels += nested.ChannelCandidates;
                if (nested.Incomplete is { } nestedReason)
                {
                    // Code made at run time that was not read to the end must not pass for code without findings.
                    incomplete.Add($"the code it makes at run time at offset {offset}{(file == 0 ? "" : $" of {linkedSource.Files[file].Path}")}: {nestedReason}");
                }
            }
        }

        return new BehaviourAnalysis(findings, null, program.NodeCount, program.Functions.Count, channels.Count + runTimeChannels, folding.Evaluations, parseTime, clock.Elapsed - parseTime)
        {
            Incomplete = incomplete.Count == 0 ? null : string.Join("; ", incomplete),
            ChannelTime = channelTime,
            TraceTime = clock.Elapsed - parseTime - channelTime,
        };
    }

    /// <summary>
    /// A script whose tree is over the node budget is analysed in regions cut between its top-level statements, each
    /// parsed and analysed alone under the same budget, one at a time, so that padding a file past the budget does not
    /// hide what it holds. A region over the budget, or one that does not parse alone (an export list naming another
    /// region's declarations), is halved at the cut nearest its middle until it fits, parses or has no cut left; then
    /// it is not analysed, and the report says which lines. Flows from one region into another are not followed, and
    /// the report says that too. Cuts, halving and the bound on attempts depend on the text alone.
    /// </summary>
    private BehaviourAnalysis AnalyzeInRegions(PackageScript file, SandboxWorkMeter meter, SyntaxTreeBudgetExceededException overBudget, Stopwatch clock, CancellationToken cancellationToken)
    {
        var ends = TopLevelBreaks.StatementEnds(file.Text);
        var lines = new LocationMap(LinkedSource.Single(file), null);
        var findings = new List<Finding>();
        var notAnalysed = new List<(int Start, int End, string Why)>();
        var stoppedShort = new List<string>();
        int analysed = 0, attempts = 0, nodes = 0, functions = 0, candidates = 0;
        var parseTime = TimeSpan.Zero;
        var pending = new Stack<(int Start, int End)>();

        // The cut nearest the middle, strictly inside the region; the left half is pushed last, so regions are read in
        // file order.
        bool Halve((int Start, int End) region)
        {
            if (NearestCut(region.Start + ((region.End - region.Start) / 2), region) is not { } cut)
            {
                return false;
            }

            pending.Push((cut, region.End));
            pending.Push((region.Start, cut));
            return true;
        }

        int? NearestCut(int middle, (int Start, int End) region)
        {
            var at = ends.BinarySearch(middle);
            at = at >= 0 ? at : ~at;
            // The cut nearest the middle, strictly inside the region.
            int? best = null;
            foreach (var candidate in new[] { at - 1, at })
            {
                if (candidate >= 0 && candidate < ends.Count && ends[candidate] > region.Start && ends[candidate] < region.End
                    && (best is null || Math.Abs(ends[candidate] - middle) < Math.Abs(best.Value - middle)))
                {
                    best = ends[candidate];
                }
            }

            return best;
        }

        // The whole is known to be over the budget. First regions are sized to hold about half of it even in dense code
        // (a node per 2.6 characters in the densest measured), so that few of them need halving, each parse being work.
        var regionLength = (int)Math.Min(int.MaxValue, Math.Max(1, overBudget.MaxNodes * RegionCharactersPerBudgetNode));
        var first = new List<(int Start, int End)>();
        for (var start = 0; start < file.Text.Length;)
        {
            var end = start + regionLength >= file.Text.Length ? file.Text.Length : NearestCut(start + regionLength, (start, file.Text.Length)) ?? file.Text.Length;
            first.Add((start, end));
            start = end;
        }

        if (first.Count == 1 && !Halve(first[0]))
        {
            notAnalysed.Add((0, file.Text.Length, "it has no top-level statement end to cut at"));
        }
        else if (first.Count > 1)
        {
            for (var i = first.Count - 1; i >= 0; i--)
            {
                pending.Push(first[i]);
            }
        }

        // A parse that ran past the budget left a tree of that size behind: collected now, before the next is built,
        // so that the memory a script's analysis takes is about one region's tree, not every attempt's.
        GC.Collect();

        while (pending.TryPop(out var region))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++attempts > MaxRegionAttempts)
            {
                notAnalysed.Add((region.Start, region.End, $"the {MaxRegionAttempts} attempts at regions a script is given were used up"));
                continue;
            }

            var source = LinkedSource.Region(file, region.Start, region.End);
            var started = clock.Elapsed;
            JavaScriptProgram? program;
            string? why;
            try
            {
                program = JavaScriptProgram.TryParse(source.Text, file.Path, null, _maxSyntaxNodes, out _, out var error);
                why = program is null ? $"it does not parse alone ({EntryNames.OneLine(error ?? "no reason given")})" : null;
            }
            catch (SyntaxTreeBudgetExceededException)
            {
                (program, why) = (null, "its own tree is over the budget");
            }

            parseTime += clock.Elapsed - started;
            var large = region.End - region.Start >= LargeRegionCharacters;
            if (program is null)
            {
                if (large)
                {
                    GC.Collect();
                }

                if (!Halve(region))
                {
                    notAnalysed.Add((region.Start, region.End, why!));
                }

                continue;
            }

            var analysis = AnalyzeParsed(source, ref program, meter, runTimeDepth: 0, clock, cancellationToken);
            if (large)
            {
                GC.Collect();
            }

            analysed++;
            findings.AddRange(analysis.Findings);
            nodes += analysis.Nodes;
            functions += analysis.Functions;
            candidates += analysis.ChannelCandidates;
            if (analysis.Incomplete is { } reason)
            {
                stoppedShort.Add($"{Lines(region.Start, region.End)}: {reason}");
            }
        }

        // From the region's first code: a cut is just after a `;`, so a region starts with the line break before its code.
        string Lines(int start, int end)
        {
            while (start < end - 1 && char.IsWhiteSpace(file.Text[start]))
            {
                start++;
            }

            var (first, last) = (lines.LineAndColumn(0, start).Line, lines.LineAndColumn(0, Math.Max(start, end - 1)).Line);
            return first == last ? $"line {first:N0}" : $"lines {first:N0}–{last:N0}";
        }

        var incomplete = new List<string>
        {
            analysed == 0
                ? $"its syntax tree passed the {overBudget.MaxNodes:N0}-node budget for one script, and no region of it could be analysed alone"
                : $"its syntax tree passed the {overBudget.MaxNodes:N0}-node budget for one script, so it was analysed in {analysed} {(analysed == 1 ? "region" : "regions")} cut between top-level statements, each alone: a flow from one region into another was not followed",
        };
        if (notAnalysed.Count > 0)
        {
            var listed = notAnalysed.Take(MaxRegionsListed).Select(r => $"{Lines(r.Start, r.End)} ({r.Why})");
            var more = notAnalysed.Count > MaxRegionsListed ? $" and {notAnalysed.Count - MaxRegionsListed} more" : "";
            incomplete.Add($"not analysed: {string.Join(", ", listed)}{more}");
        }

        incomplete.AddRange(stoppedShort.Take(MaxRegionsListed));
        return new BehaviourAnalysis(findings, null, nodes, functions, candidates, meter.Evaluations, parseTime, clock.Elapsed - parseTime)
        {
            Incomplete = string.Join("; ", incomplete),
        };
    }

    /// <summary>
    /// A region this long leaves a tree of a hundred megabytes or more, collected before the next region's is built; the
    /// small ones of a halving down to one statement are left to the collector.
    /// </summary>
    private const int LargeRegionCharacters = 4 * 1024 * 1024;

    /// <summary>A first region's length in characters for each node of the budget.</summary>
    private const double RegionCharactersPerBudgetNode = 4.0 / 3.0;

    /// <summary>Regions a script over the node budget may be parsed in, halvings included: bounds the parsing a hostile layout can cause.</summary>
    private const int MaxRegionAttempts = 64;

    /// <summary>Regions named one by one in the report's reason; the rest are counted.</summary>
    private const int MaxRegionsListed = 5;

    private static Finding BuildFinding(JavaScriptProgram program, LocationMap locations, Node carrier, List<ChannelFact> channels, FlowTrace trace)
    {
        BehaviourStep Step(BehaviourStepKind kind, string summary, Node site, IReadOnlyList<string>? values = null, string? capability = null, IReadOnlyList<BehaviourStep>? children = null, IReadOnlyList<string>? chain = null) => new()
        {
            Kind = kind,
            Summary = summary,
            Location = locations.Locate(site),
            Excerpt = program.Excerpt(site),
            Values = values ?? [],
            Capability = capability,
            Children = children ?? [],
            DecodeChain = chain ?? [],
        };

        BehaviourStep SourceStep(SourceFact source) => Step(BehaviourStepKind.Source, source.Summary, source.Site, capability: source.Capability);

        BehaviourStep ListStep(ListFact list) => Step(
            BehaviourStepKind.List,
            $"{(list.Hidden ? "hidden" : "literal")} list of {list.Items.Length} {list.Class.KindName}{(list.Hidden ? " (" + string.Join(" → ", list.DecodeChain) + ")" : "")}",
            list.Site,
            list.Items,
            $"list.{(list.Hidden ? "hidden" : "literal")}:{list.Class.KindName}",
            chain: list.DecodeChain);

        BehaviourStep TestStep(TestFact test)
        {
            // A set's order changes from one process to the next (string hashes are randomised): order on what is shown.
            var ordered = test.Subjects.OrderBy(s => s.Site.Start).ThenBy(s => s.Summary, StringComparer.Ordinal).ThenBy(s => s.Capability, StringComparer.Ordinal).ToList();
            var children = ordered.Select(SourceStep).ToList();
            if (test.List is { } list)
            {
                children.Add(ListStep(list));
            }

            var subjects = string.Join(", ", ordered.Select(s => s.Summary).Distinct());
            var against = test.List is { } l
                ? $"the {(l.Hidden ? "hidden " : "")}list of {l.Items.Length} {l.Class.KindName}"
                : string.Join(" | ", test.Constants.Select(c => $"\"{c}\""));
            return Step(BehaviourStepKind.Comparison, $"{subjects} {test.Operation} {against}", test.Site, test.Constants, children: children);
        }

        var channelSteps = channels.OrderBy(c => c.Site.Start).Select(channel => Step(
            channel.Kind == ChannelKind.Transform ? BehaviourStepKind.Transform : BehaviourStepKind.Channel,
            channel.Kind switch
            {
                ChannelKind.Transform => $"text changed {channel.Description} when the tests hold",
                ChannelKind.Invisible => $"invisible variant chosen: {channel.Description}",
                ChannelKind.Whitespace => $"spacing variant chosen: {channel.Description}",
                ChannelKind.Subtle => $"barely visible variant chosen: {channel.Description}",
                _ => $"look-alike variant chosen: {channel.Description}",
            },
            channel.Site,
            // Sentences in another order differ in every column: the texts say it, their characters do not.
            (channel.Variants.Any(v => v.Length > Classification.SubtleVariants.MaxLength) ? channel.Variants : DifferingCharacters(channel.Variants).Concat(channel.Variants))
                .Distinct(StringComparer.Ordinal).ToList(),
            channel.Kind switch
            {
                ChannelKind.Transform => "channel.transform",
                ChannelKind.Invisible => "channel.invisible",
                ChannelKind.Whitespace => "channel.whitespace",
                ChannelKind.Subtle => "channel.subtle",
                _ => "channel.confusable",
            },
            MergeTests(channel.Controls).Select(TestStep).ToList())).ToList();

        var capacity = channels.Sum(c => c.Bits);
        BehaviourStep root;
        var carrierStep = trace.Carriers.Count > 0
            ? Step(BehaviourStepKind.Carrier, $"carried in text {TemplateText(program, carrier)}", carrier, [TemplateText(program, carrier)], children: channelSteps)
            : null;
        // The most telling sink: an LLM message over a plain request; a message with a known role over a bare `messages` field.
        var primarySink = trace.Sinks.OrderByDescending(s => SinkRank(s.Kind)).ThenByDescending(s => s.Description.Contains("role", StringComparison.Ordinal)).FirstOrDefault();
        var inner = carrierStep is null ? channelSteps : [carrierStep];
        if (primarySink is not null)
        {
            // Where else the text was seen going, e.g. the `messages` field the user message is sent in.
            var others = trace.Sinks.Where(s => s.Description != primarySink.Description).GroupBy(s => s.Description)
                .Select(g => $"{g.Key} at {locations.Locate(g.First().Site)}").Take(3).ToList();
            root = Step(BehaviourStepKind.Sink, primarySink.Description + (others.Count > 0 ? $" (also: {string.Join(", ", others)})" : ""), primarySink.Site, capability: primarySink.Capability, children: inner);
        }
        else
        {
            root = carrierStep ?? channelSteps[0];
        }

        var behaviour = new Behaviour { Root = root, CapacityBits = capacity };
        // Graded by how visible the variants are: spacing hides like an invisible character; a dash, punctuation or case
        // change shows on the screen, so it counts like a transform.
        var covert = channels.Any(c => c.Kind is ChannelKind.Confusable or ChannelKind.Invisible or ChannelKind.Whitespace);
        var leaves = trace.Sinks.Any(s => s.LeavesProcess);
        // Critical is reserved for the case the project exists for: invisible choices that leave the process.
        var toFile = trace.Sinks.Any(s => s.Kind == SinkKind.File);
        var severity = (covert, leaves) switch
        {
            (true, true) => Severity.Critical,
            (false, true) => Severity.High,
            (true, false) => toFile ? Severity.High : Severity.Medium,
            _ => toFile ? Severity.Medium : Severity.Low,
        };
        var capabilities = behaviour.Steps().Select(s => s.Capability).OfType<string>()
            .Concat(trace.Sinks.Select(s => s.Capability)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var lists = behaviour.Steps().Where(s => s.Kind == BehaviourStepKind.List && s.DecodeChain.Count > 0).ToList();
        var title = $"Environment fingerprint selects {(covert ? "look-alike or invisible" : "altered")} text{(leaves ? " that leaves the process" : "")}" +
            (primarySink is null ? "" : $" ({primarySink.Capability})");
        return new Finding
        {
            RuleId = CovertChannelRuleId,
            Title = title,
            Severity = severity,
            Confidence = leaves ? 0.9 : 0.6,
            Location = carrierStep?.Location ?? channelSteps[0].Location,
            Evidence = new Evidence(carrierStep?.Excerpt ?? channelSteps[0].Excerpt, null, lists.FirstOrDefault()?.DecodeChain),
            Description = $"{capacity:0.#} bits per message: {string.Join("; ", channelSteps.Select(s => s.Summary))}.",
            Capabilities = capabilities,
            Behaviour = behaviour,
        };
    }

    /// <summary>
    /// What tells the variants apart: for "“w”" and "\"w\"" the characters “ ” and "; for variants of
    /// different lengths (text with and without U+200B) the variants themselves.
    /// </summary>
    private static IReadOnlyList<string> DifferingCharacters(IReadOnlyList<string> variants)
    {
        var runes = variants.Select(v => v.EnumerateRunes().ToArray()).ToList();
        if (runes.Count < 2 || runes.Any(r => r.Length != runes[0].Length))
        {
            return variants;
        }

        var differing = new List<string>();
        for (var i = 0; i < runes[0].Length; i++)
        {
            if (runes.Any(r => r[i] != runes[0][i]))
            {
                differing.AddRange(runes.Select(r => r[i].ToString()));
            }
        }

        return differing.Distinct(StringComparer.Ordinal).ToList();
    }

    private static int SinkRank(SinkKind kind) => kind switch
    {
        SinkKind.LlmUserMessage => 6,
        SinkKind.LlmSystemPrompt => 5,
        SinkKind.HttpHeader => 4,
        SinkKind.Network => 3,
        SinkKind.File => 2,
        _ => 1,
    };

    /// <summary><c>tz === "a" || tz === "b"</c> reads as one comparison with two constants.</summary>
    private static IEnumerable<TestFact> MergeTests(ImmutableHashSet<TestFact> tests) => tests
        .GroupBy(t => (t.Operation, t.List, Subjects: string.Join("|", t.Subjects.Select(s => s.Capability + s.Aspect).Order())))
        .Select(g => g.OrderBy(t => t.Site.Start).First() with { Constants = [.. g.OrderBy(t => t.Site.Start).SelectMany(t => t.Constants).Distinct()] })
        .OrderBy(t => t.Site.Start);

    private static string TemplateText(JavaScriptProgram program, Node carrier)
    {
        var builder = new StringBuilder();
        AppendText(carrier, builder);
        var text = builder.ToString();
        return text.Length > 160 ? text[..160] + "…" : text;
    }

    /// <summary>The text as a reader sees it, with <c>${…}</c> where values are spliced in.</summary>
    private static void AppendText(Node node, StringBuilder builder)
    {
        switch (node)
        {
            case TemplateLiteral template:
                for (var i = 0; i < template.Quasis.Count; i++)
                {
                    builder.Append(template.Quasis[i].Value.Cooked);
                    if (i < template.Expressions.Count)
                    {
                        builder.Append("${…}");
                    }
                }

                break;
            case StringLiteral literal:
                builder.Append(literal.Value);
                break;
            case BinaryExpression { Operator: Acornima.Operator.Addition } concatenation:
                AppendText(concatenation.Left, builder);
                AppendText(concatenation.Right, builder);
                break;
            default:
                builder.Append("${…}");
                break;
        }
    }
}
