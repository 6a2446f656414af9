namespace Telltale.Probing.Evidence;

/// <summary>
/// <c>evidence.json</c>: what a bundle holds and how to run it again. Every path is relative to the bundle, with '/'
/// separators; the layout is in docs/probe.md ("Publishing a finding: the evidence bundle").
/// </summary>
public sealed record EvidenceManifest
{
    public const string FileName = "evidence.json";
    public const string CurrentSchemaVersion = "1.0";

    public required string SchemaVersion { get; init; }

    /// <summary>The telltale that wrote the bundle.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>When the probe started.</summary>
    public required DateTimeOffset ProbedAt { get; init; }
    public required EvidenceCommand Command { get; init; }
    public required IReadOnlyList<ProgramFingerprint> Programs { get; init; }

    /// <summary>The matrix as YAML (<see cref="Matrix.ProbeMatrixWriter"/>).</summary>
    public required string MatrixFile { get; init; }

    /// <summary>The whole probe report as <see cref="Reports.ProbeJsonWriter"/> writes it: the recorded channels are read from it.</summary>
    public required string ReportFile { get; init; }

    /// <summary>The same report in Markdown, for reading.</summary>
    public required string ReportMarkdownFile { get; init; }

    public required IReadOnlyList<EvidenceRunFile> Runs { get; init; }

    /// <summary>How many channels the report holds, so a reader sees the claim without opening it.</summary>
    public required int Channels { get; init; }
}
