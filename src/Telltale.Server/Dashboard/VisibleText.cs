using Telltale.Reports;

namespace Telltale.Server.Dashboard;

/// <summary>
/// Package-controlled text as a page shows it: Razor encodes it for HTML, and this shows what HTML would hide or
/// reorder (controls, bidi overrides, zero-width and look-alike spaces) as <c>\u{XXXX}</c> escapes, the rule every
/// report writer and the terminal follow (<see cref="ReportText.Visible"/>).
/// </summary>
internal static class VisibleText
{
    /// <summary>One line: line breaks as <c>\n</c>, tabs as escapes.</summary>
    public static string Line(string? text) => string.IsNullOrEmpty(text) ? "" : ReportText.Visible(text, multiline: false, keepTabs: false);

    /// <summary>A block such as a code excerpt: line breaks kept, tabs kept.</summary>
    public static string Block(string? text) => string.IsNullOrEmpty(text) ? "" : ReportText.Visible(text, multiline: true);
}
