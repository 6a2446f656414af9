using Telltale.Reports;

namespace Telltale.Tests.Reports;

public sealed class ReportWritersTests
{
    [Theory]
    [InlineData("json", typeof(JsonReportWriter))]
    [InlineData("JSON", typeof(JsonReportWriter))]
    [InlineData(" Sarif ", typeof(SarifReportWriter))]
    [InlineData("markdown", typeof(MarkdownReportWriter))]
    [InlineData("md", typeof(MarkdownReportWriter))]
    [InlineData("MD", typeof(MarkdownReportWriter))]
    public void Find_matches_format_names_case_insensitively(string format, Type expected)
    {
        Assert.IsType(expected, ReportWriters.Find(format));
    }

    [Theory]
    [InlineData("")]
    [InlineData("html")]
    [InlineData("jsonl")]
    public void Find_returns_null_for_unknown_formats(string format)
    {
        Assert.Null(ReportWriters.Find(format));
    }

    [Fact]
    public void All_lists_each_format_once()
    {
        Assert.Equal(["json", "sarif", "markdown"], ReportWriters.All.Select(w => w.Format));
        Assert.All(ReportWriters.All, w => Assert.Same(w, ReportWriters.Find(w.Format)));
    }
}
