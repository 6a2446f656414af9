using System.CommandLine;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Cli.Commands;

/// <summary>How a scan report is written, by <c>scan</c> and by <c>report show</c> alike.</summary>
internal static class ScanReportOutput
{
    public static ReportOutputOptions Create() =>
        ReportOutputOptions.Create("report", [.. ReportWriters.All.Select(w => w.Format)]);

    /// <returns>The one-line problem when the output file could not be written, or null.</returns>
    public static Task<string?> WriteAsync(ReportOutputOptions output, ParseResult parse, string format, ScanReport report, bool showInfo, bool listEmbedded) =>
        output.WriteAsync(parse, format,
            console => TerminalReport.Render(console, report, showInfo, listEmbedded),
            writer => ReportWriters.Find(format)!.Write(report, writer));
}
