using System.Security.Cryptography;
using Telltale.Artifacts;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Reports;
using Telltale.Scanning;

namespace Telltale.Fuzz.Targets;

/// <summary>
/// The whole scan of a file (<see cref="Scanner.ScanResolved"/>): unpack, harvest, decode, sweep, analyse,
/// apply the rules, and write the JSON report.
/// </summary>
internal sealed class ScanTarget : IFuzzTarget, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-fuzz-scan-").FullName;
    private readonly Scanner _scanner = new(new ScanOptions { Limits = FuzzLimits.Scan }, new TargetResolver());
    private readonly JsonReportWriter _writer = new();

    public string Name => "scan";

    public string Contract => "Scanner.ScanResolved never throws for a file's content; the report it returns can be written as JSON";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() =>
        ArchiveSeeds.Gzips().Take(2).Concat(ArchiveSeeds.Zips().Take(1)).Concat(ExecutableSeeds.Buns().Take(1))
            .Concat(ExecutableSeeds.Pkgs().Take(2)).Concat(TextSeeds.JavaScript().Take(4));

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var bytes = input.ToArray();
        var name = bytes.Length > 0 && bytes[0] is 0x1f or (byte)'P' or 0x7f or 0x28 ? "fuzz.tgz" : "fuzz.js";
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        var resolved = new ResolvedTarget(name, null, path, Convert.ToHexStringLower(SHA256.HashData(bytes)), "file");
        var report = _scanner.ScanResolved(resolved);
        features.AddMagnitude("findings", report.Findings.Count);
        foreach (var finding in report.Findings)
        {
            features.Add("rule", finding.RuleId);
        }

        _writer.Write(report, TextWriter.Null);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a finished run over.
        }
    }
}
