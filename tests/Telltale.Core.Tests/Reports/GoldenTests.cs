using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

/// <summary>Every writer's full output for the sample and the empty report, compared with stored files.</summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData("sample", "json", "json")]
    [InlineData("sample", "sarif", "sarif")]
    [InlineData("sample", "markdown", "md")]
    [InlineData("empty", "json", "json")]
    [InlineData("empty", "sarif", "sarif")]
    [InlineData("empty", "markdown", "md")]
    public void Output_matches_golden_file(string report, string format, string extension)
    {
        ScanReport scan = report == "sample" ? ReportFixtures.Sample() : ReportFixtures.Empty();
        IReportWriter writer = ReportWriters.Find(format)!;

        Golden.Verify($"{report}.{extension}", Render(writer, scan));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        foreach (IReportWriter writer in ReportWriters.All)
        {
            Assert.Equal(Render(writer, ReportFixtures.Sample()), Render(writer, ReportFixtures.Sample()));
        }
    }

    [Fact]
    public void Output_uses_only_lf_line_ends()
    {
        foreach (IReportWriter writer in ReportWriters.All)
        {
            string text = Render(writer, ReportFixtures.Sample());
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
        }
    }

    internal static string Render(IReportWriter writer, ScanReport report)
    {
        using var output = new StringWriter();
        writer.Write(report, output);
        return output.ToString();
    }
}
