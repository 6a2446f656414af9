using System.Text;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Reports;

namespace Telltale.Fuzz.Targets;

/// <summary>Reading stored reports back (diff, history), and writing what was read.</summary>
internal sealed class JsonReportTarget : IFuzzTarget
{
    private readonly JsonReportWriter _writer = new();

    public string Name => "json-report";

    public string Contract =>
        "JsonReportReader.Read throws only InvalidDataException; a report it accepts is written again and reads back with the same findings";

    public FuzzInputKind InputKind => FuzzInputKind.Json;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => TextSeeds.Reports();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        Findings.ScanReport report;
        try
        {
            report = input.Length % 2 == 0
                ? JsonReportReader.Read(Encoding.UTF8.GetString(input.Span))
                : JsonReportReader.Read(new MemoryStream(input.ToArray(), writable: false));
        }
        catch (InvalidDataException ex)
        {
            features.AddShape("invalid", ex.Message);
            return;
        }

        features.AddMagnitude("findings", report.Findings.Count);
        features.AddMagnitude("payloads", report.Payloads.Count);
        var written = new StringWriter();
        _writer.Write(report, written);
        Findings.ScanReport again;
        try
        {
            again = JsonReportReader.Read(written.ToString());
        }
        catch (InvalidDataException ex)
        {
            throw new ContractViolationException($"a report that was read could not be read after writing it again: {ex.Message}", ex);
        }

        ContractViolationException.Require(again.Findings.Count == report.Findings.Count,
            $"{report.Findings.Count} findings read, {again.Findings.Count} after writing and reading again");
    }
}
