using Telltale.Reports;

namespace Telltale.Server.Http;

/// <summary>
/// Text a client chose (a host, a token name, a path) on its way into a log line: one line, every control, invisible and
/// reordering character as an escape (<see cref="ReportText.Visible"/>), and cut short, so a log viewer on a terminal
/// shows what was sent and a client cannot write fake log lines.
/// </summary>
internal static class ClientText
{
    private const int MaxChars = 200;

    public static string Log(string? text) =>
        string.IsNullOrEmpty(text) ? "" : ReportText.Visible(ReportText.Shorten(text, MaxChars), multiline: false, keepTabs: false);
}
