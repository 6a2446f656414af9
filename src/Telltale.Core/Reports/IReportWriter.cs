using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>Renders a finished report in one file format. Writers hold no analysis logic.</summary>
public interface IReportWriter
{
    /// <summary>The value users pass to <c>--format</c>, e.g. <c>json</c>.</summary>
    string Format { get; }

    void Write(ScanReport report, TextWriter output);
}
