using Spectre.Console;
using Telltale.Reports;

namespace Telltale.Cli.Rendering;

/// <summary>
/// The one way any text that did not come from this program reaches a terminal. Package names, versions,
/// entry paths, decoded literals, stored reports and exception messages that quote them are all
/// attacker-controlled: an ESC starts a sequence that can clear the screen, retitle the window or hide
/// lines, a C1 CSI does the same on some terminals, CR and BS overwrite what was written, and bidi
/// controls reorder what a reviewer reads. Every such character is shown as <c>\u{XXXX}</c> (line breaks
/// as <c>\n</c>/<c>\r</c>, tabs escaped too) by <see cref="ReportText.Visible"/>, so one rule decides
/// what is hard to see for every output.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text on one line with every control, invisible and reordering character shown as an escape.</summary>
    public static string Line(string? text) =>
        string.IsNullOrEmpty(text) ? "" : ReportText.Visible(text, multiline: false, keepTabs: false);

    /// <summary>
    /// Text of many lines, such as a script, with its line breaks kept (CR LF and a lone CR each end a line as
    /// <c>\n</c>) and everything else <see cref="Line"/> escapes shown as an escape, tabs included.
    /// </summary>
    public static string Lines(string? text) =>
        string.IsNullOrEmpty(text) ? "" : ReportText.Visible(text, multiline: true, keepTabs: false);

    /// <summary>
    /// <see cref="Line"/>, then escaped for Spectre markup: brackets are text rather than styles. Spectre
    /// also turns <c>:name:</c> into an emoji and has no escape for it, so in text that holds such a code
    /// the colons are shown as escapes too: <c>x:rocket:y</c> is a package name, not <c>x🚀y</c>.
    /// </summary>
    public static string Markup(string? text)
    {
        var escaped = Spectre.Console.Markup.Escape(Line(text));
        return Emoji.Replace(escaped) == escaped ? escaped : escaped.Replace(":", "\\u{003A}", StringComparison.Ordinal);
    }

    /// <summary>The items as <see cref="Markup"/> joined by <paramref name="separator"/> (which is markup itself).</summary>
    public static string Join(string separator, IEnumerable<string> items) =>
        string.Join(separator, items.Select(Markup));
}
