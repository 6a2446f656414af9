namespace Telltale.Reports;

/// <summary>The report formats the tool can write, looked up by the <c>--format</c> value.</summary>
public static class ReportWriters
{
    // Writers are stateless, so one instance of each serves every scan.
    private static readonly MarkdownReportWriter Markdown = new();

    public static IReadOnlyList<IReportWriter> All { get; } =
        [new JsonReportWriter(), new SarifReportWriter(), Markdown];

    /// <summary>
    /// The writer for <paramref name="format"/> (case-insensitive, surrounding spaces ignored; <c>md</c> is
    /// accepted for <c>markdown</c>), or null when there is none.
    /// </summary>
    public static IReportWriter? Find(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        string wanted = format.Trim();
        if (wanted.Equals("md", StringComparison.OrdinalIgnoreCase))
        {
            return Markdown;
        }

        return All.FirstOrDefault(w => w.Format.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }
}
