using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Rules;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale report list|show</c>: what the result store holds, without scanning anything.</summary>
internal static class ReportCommand
{
    private const string DatabaseDescription = "The result store; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale";

    private static readonly Option<string?> ListDatabase = new("--db") { Description = DatabaseDescription };

    private static readonly Option<string?> Name = new("--name")
    {
        Description = "Only scans whose target name contains this (ignoring case)",
    };

    private static readonly Option<int> Limit = new("--limit")
    {
        Description = "At most this many scans, newest first; 0 for all",
        DefaultValueFactory = _ => 50,
    };

    private static readonly Argument<string> Key = new("key")
    {
        Description = "A sha256 prefix (4 or more hex digits, as 'report list' shows), npm:NAME@VERSION, or history:ID for a stored history or bisection",
    };

    private static readonly Option<string?> ShowDatabase = new("--db") { Description = DatabaseDescription };

    private static readonly ReportOutputOptions Output = ScanReportOutput.Create();

    private static readonly ScanSettingsOptions Selection = ScanSettingsOptions.Create(selecting: true);

    public static Command Create()
    {
        var list = new Command("list", "List the stored scans, newest first.") { ListDatabase, Name, Limit };
        list.SetAction(List);
        var show = new Command("show", "Show a stored report in any output format; when the artifact was scanned several ways, choose one with --rules, --no-behaviour and --platform as for scan.") { Key, ShowDatabase };
        Output.AddTo(show);
        Selection.AddTo(show);
        show.SetAction(ShowAsync);
        return new Command("report", "List and show the scans kept in the result store.") { list, show };
    }

    /// <summary>How a stored scan's time is shown: local, to the minute, the same on every culture.</summary>
    internal static string StoredTime(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static int List(ParseResult parse)
    {
        var path = parse.GetValue(ListDatabase) ?? ScanStore.DefaultPath();
        IReadOnlyList<StoredScanSummary> scans;
        List<StoredTimeline> timelines;
        try
        {
            // Listing must not leave an empty database behind where there was none.
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            scans = store?.List(parse.GetValue(Name), parse.GetValue(Limit)) ?? [];
            timelines = store?.ListTimelines(limit: parse.GetValue(Limit))
                .Where(t => parse.GetValue(Name) is not { } name || t.Package.Contains(name, StringComparison.OrdinalIgnoreCase))
                .ToList() ?? [];
        }
        catch (StoreException error)
        {
            return CliError.Fail(error.Message);
        }

        if (scans.Count == 0 && timelines.Count == 0)
        {
            CliError.Say($"no stored scans in {path}");
            return ExitCodes.Clean;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A pipe has no width; the default 80 columns would wrap every row.
            console.Profile.Width = 240;
        }

        var table = new Table { Border = TableBorder.None };
        table.AddColumns("sha256", "target", "platform", "scanned", "tool");
        foreach (var heading in new[] { "critical", "high", "medium", "low", "info" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var scan in scans)
        {
            table.AddRow(
                TerminalText.Markup(StoredScanText.Short(scan.Sha256)),
                TerminalText.Markup(scan.Label),
                TerminalText.Markup(scan.Platform),
                StoredTime(scan.ScannedAt),
                TerminalText.Markup(scan.ToolVersion),
                Count(scan.Critical, "red"),
                Count(scan.High, "red"),
                Count(scan.Medium, "yellow"),
                Count(scan.Low, "default"),
                Count(scan.Info, "default"));
        }

        if (scans.Count > 0)
        {
            console.Write(table);
        }

        // Histories and bisections, which policies cite as history:ID; shown with report show history:ID.
        foreach (var timeline in timelines)
        {
            console.MarkupLine($"{TerminalText.Markup(timeline.Key)}  {TerminalText.Markup(timeline.Kind)} of {TerminalText.Markup(timeline.Package)} {TerminalText.Markup(timeline.Range)}"
                + $"{(timeline.Behaviour is null ? "" : " for " + TerminalText.Markup(timeline.Behaviour))}  [grey]{StoredTime(timeline.MadeAt)} · telltale {TerminalText.Markup(timeline.ToolVersion)}[/]");
        }

        return ExitCodes.Clean;
    }

    private static async Task<int> ShowAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        var path = parse.GetValue(ShowDatabase) ?? ScanStore.DefaultPath();
        var key = parse.GetValue(Key)!;
        if (key.StartsWith(StoredTimeline.KeyPrefix, StringComparison.Ordinal))
        {
            return await ShowTimelineAsync(parse, format, path, key).ConfigureAwait(false);
        }

        StoredScanSummary scan;
        ScanReport? report;
        try
        {
            var selected = Selection.AnyGiven(parse) ? Selected(parse) : null;
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            var found = store?.Find(key) ?? [];
            if (found.Count == 0)
            {
                return CliError.Fail($"no stored scan for {key} in {path}");
            }

            var candidates = selected is null ? found : [.. found.Where(selected)];
            if (candidates.Count == 0)
            {
                return CliError.Fail($"none of the {Scans(found.Count)} of {key} in {path} was made as 'scan' with these options would make it; 'report show {key}' lists them");
            }

            if (candidates.Count > 1)
            {
                return Ambiguous(key, candidates, selected is not null);
            }

            scan = candidates[0];
            report = store!.Read(scan);
        }
        catch (Exception error) when (error is StoreException or RulePackException or TargetException)
        {
            return CliError.Fail(error.Message);
        }

        if (report is null)
        {
            return CliError.Fail($"the stored scan of {key} was replaced while it was read; run the command again");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }

        CliError.Say($"stored scan of {StoredScanText.Artifact(scan)}: {StoredScanText.Settings(scan)}");
        return await ScanReportOutput.WriteAsync(Output, parse, format, report, showInfo: false, listEmbedded: false).ConfigureAwait(false) is { } writeProblem
            ? CliError.Fail(writeProblem)
            : ExitCodes.Clean;
    }

    /// <summary><c>report show history:ID</c>: a history or bisection as <c>history</c> printed it, the evidence a policy entry cites.</summary>
    private static async Task<int> ShowTimelineAsync(ParseResult parse, string format, string path, string key)
    {
        if (format == "sarif")
        {
            return CliError.Fail("a history has no SARIF form; use --format terminal, json or markdown");
        }

        StoredTimeline? stored;
        VersionTimeline? timeline;
        BisectResult? bisection;
        try
        {
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            stored = long.TryParse(key.AsSpan(StoredTimeline.KeyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? store?.GetTimeline(id) : null;
            if (stored is null)
            {
                return CliError.Fail($"no stored history {key} in {path}");
            }

            (timeline, bisection) = stored.Read();
        }
        catch (Exception error) when (error is StoreException or InvalidDataException)
        {
            return CliError.Fail(error.Message);
        }

        CliError.Say($"stored {stored.Kind} of {stored.Package} {stored.Range}, made {StoredTime(stored.MadeAt)} by telltale {stored.ToolVersion}{(stored.Platform is null ? "" : $" for {stored.Platform}")}");
        // JSON as stored, byte for byte: the evidence a policy cites.
        var written = await Output.WriteAsync(parse, format,
            console => HistoryCommand.Render(console, timeline, bisection),
            writer =>
            {
                if (format == "json")
                {
                    writer.Write(stored.Json);
                }
                else
                {
                    HistoryCommand.WriteDocument(format, timeline, bisection, writer);
                }
            }).ConfigureAwait(false);
        return written is { } problem ? CliError.Fail(problem) : ExitCodes.Clean;
    }

    /// <summary>
    /// The stored scans <c>scan</c> with the given options would reuse: the fingerprint of those rules and
    /// options (this telltale's), and for an npm target one made for that platform.
    /// </summary>
    /// <exception cref="RulePackException">when a pack cannot be read.</exception>
    /// <exception cref="TargetException">when the platform cannot be read.</exception>
    private static Func<StoredScanSummary, bool> Selected(ParseResult parse)
    {
        var fingerprint = ScanFingerprint.Compute(Selection.OptionsOf(parse).Options);
        var platform = Selection.PlatformOf(parse)?.ToString() ?? NpmPlatform.NoneText;
        return scan => scan.Fingerprint == fingerprint
            && (scan.Source != TargetResolver.NpmSource || scan.NpmPlatforms.Contains(platform));
    }

    /// <summary>Several stored scans fit: names each rather than choose one the user did not ask for.</summary>
    private static int Ambiguous(string key, IReadOnlyList<StoredScanSummary> candidates, bool selected)
    {
        var fit = selected ? $"{Scans(candidates.Count)} of {key} fit these options" : $"{candidates.Count} scans of {key} are stored";
        CliError.Say($"{fit}; choose one with --rules PACK.yaml…, --no-behaviour and --platform, as for scan:");
        foreach (var candidate in candidates)
        {
            Console.Error.WriteLine($"  {TerminalText.Line(StoredScanText.Artifact(candidate))}: {TerminalText.Line(StoredScanText.Settings(candidate))}");
        }

        return ExitCodes.UsageOrInput;
    }

    private static string Scans(int count) => count == 1 ? "1 stored scan" : $"{count} stored scans";

    private static string Count(int count, string colour) =>
        count == 0 ? "[grey]0[/]" : $"[{colour}]{count}[/]";
}
