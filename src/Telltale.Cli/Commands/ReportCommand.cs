using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Telltale.Reports;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale report list|show</c>: what the result store holds, without scanning anything.</summary>
internal static class ReportCommand
{
    private const string DatabaseDescription = "The result store; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale";

    /// <summary>Digits of a sha256 shown in the list: as many as git shows of a commit, and enough for <c>show</c>.</summary>
    private const int ShownSha256Digits = 12;

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
        Description = "A sha256 prefix (4 or more hex digits, as 'report list' shows) or npm:NAME@VERSION",
    };

    private static readonly Option<string?> ShowDatabase = new("--db") { Description = DatabaseDescription };

    private static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "Output format: terminal, json, sarif or markdown",
        DefaultValueFactory = _ => "terminal",
    };

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output",
    };

    public static Command Create()
    {
        var list = new Command("list", "List the stored scans, newest first.") { ListDatabase, Name, Limit };
        list.SetAction(List);
        var show = new Command("show", "Show a stored report in any output format.") { Key, ShowDatabase, Format, Output };
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
        try
        {
            // Listing must not leave an empty database behind where there was none.
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            scans = store?.List(parse.GetValue(Name), parse.GetValue(Limit)) ?? [];
        }
        catch (StoreException error)
        {
            return Fail(error.Message);
        }

        if (scans.Count == 0)
        {
            Console.Error.WriteLine($"telltale: no stored scans in {path}");
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
                scan.Sha256[..Math.Min(ShownSha256Digits, scan.Sha256.Length)],
                Markup.Escape(scan.Label),
                Markup.Escape(scan.Platform ?? ""),
                StoredTime(scan.ScannedAt),
                Markup.Escape(scan.ToolVersion),
                Count(scan.Critical, "red"),
                Count(scan.High, "red"),
                Count(scan.Medium, "yellow"),
                Count(scan.Low, "default"),
                Count(scan.Info, "default"));
        }

        console.Write(table);
        return ExitCodes.Clean;
    }

    private static async Task<int> ShowAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(Format)!.ToLowerInvariant();
        var writer = format == "terminal" ? null : ReportWriters.Find(format);
        if (format != "terminal" && writer is null)
        {
            return Fail($"unknown format '{format}' (use terminal, json, sarif or markdown)");
        }

        var path = parse.GetValue(ShowDatabase) ?? ScanStore.DefaultPath();
        var key = parse.GetValue(Key)!;
        Findings.ScanReport? report;
        try
        {
            using var store = File.Exists(path) ? new ScanStore(path) : null;
            report = store?.Show(key);
        }
        catch (StoreException error)
        {
            return Fail(error.Message);
        }

        if (report is null)
        {
            return Fail($"no stored scan for {key} in {path}");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }

        try
        {
            await ScanCommand.WriteReportAsync(report, writer, parse.GetValue(Output), showInfo: false, listEmbedded: false).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write {parse.GetValue(Output)}: {error.Message}");
        }

        return ExitCodes.Clean;
    }

    private static string Count(int count, string colour) =>
        count == 0 ? "[grey]0[/]" : $"[{colour}]{count}[/]";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"telltale: {message}");
        return ExitCodes.UsageOrInput;
    }
}
