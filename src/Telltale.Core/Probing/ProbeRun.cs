namespace Telltale.Probing;

/// <summary>
/// One run of the probed tool under one environment variant. <see cref="Environment"/> holds only the factors
/// the variant sets (the baseline sets none), because attribution reasons about those factors, not the whole
/// process environment.
/// </summary>
public sealed record ProbeRun(
    string Variant,
    int Repeat,
    IReadOnlyDictionary<string, string> Environment,
    int ExitCode,
    string Stdout,
    string Stderr,
    IReadOnlyList<CapturedRequest> Requests);
